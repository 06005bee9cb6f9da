package io.emporium.launcher.product;

/** The product read routes on PostgreSQL ({@code EMPORIUM_TEST_PG_URL}), its product schema emptied first. */
class PostgresProductReadRoutesTest extends ProductReadRoutesContract {
  @Override
  RoutesStore store() {
    return RoutesStore.POSTGRES;
  }
}
