package io.emporium.user.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/**
 * The user contract against PostgreSQL ({@code EMPORIUM_TEST_PG_URL}), schema {@code account}. Fails,
 * never skips, when the database is unreachable.
 */
class PgUserRepositoryTest extends UserRepositoryContract {

  @Override
  protected Future<UserRepository> emptyRepository(Vertx vertx) {
    return Stores.postgres(vertx);
  }

  @Test
  void reportsItsKindAsPostgres() {
    assertThat(repository.kind()).isEqualTo("postgres");
  }
}
