package io.emporium.launcher.product;

/** The product write routes on PostgreSQL ({@code EMPORIUM_TEST_PG_URL}), its product schema emptied first. */
class PostgresProductWriteRoutesTest extends ProductWriteRoutesContract {
  @Override
  RoutesStore store() {
    return RoutesStore.POSTGRES;
  }
}
