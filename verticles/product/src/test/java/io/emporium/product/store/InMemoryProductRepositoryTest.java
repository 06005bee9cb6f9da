package io.emporium.product.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** The product contract against the zero-setup in-memory store. */
class InMemoryProductRepositoryTest extends ProductRepositoryContract {

  @Override
  protected Future<ProductRepository> emptyRepository(Vertx vertx) {
    return Future.succeededFuture(new InMemoryProductRepository());
  }

  @Test
  void reportsItsKindAsMemory() {
    assertThat(repository.kind()).isEqualTo("memory");
  }
}
