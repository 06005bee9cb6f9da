package io.emporium.user.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** The user contract against the zero-setup in-memory store. */
class InMemoryUserRepositoryTest extends UserRepositoryContract {

  @Override
  protected Future<UserRepository> emptyRepository(Vertx vertx) {
    return Stores.memory();
  }

  @Test
  void reportsItsKindAsMemory() {
    assertThat(repository.kind()).isEqualTo("memory");
  }
}
