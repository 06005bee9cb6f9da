package io.emporium.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/**
 * The product contract against PostgreSQL ({@code EMPORIUM_TEST_PG_URL}). Fails, never skips, when
 * the database is unreachable.
 */
class PgProductRepositoryTest extends ProductRepositoryContract {

  @Override
  protected Future<ProductRepository> emptyRepository(Vertx vertx) {
    return TestDatabase.prepare(vertx, ProductModule.SCHEMA, ProductModule.MIGRATIONS, "product.products")
        .map(pool -> new PgProductRepository(vertx, pool, TestDatabase.settings().timeoutMs()));
  }

  @Test
  void reportsItsKindAsPostgres() {
    assertThat(repository.kind()).isEqualTo("postgres");
  }
}
