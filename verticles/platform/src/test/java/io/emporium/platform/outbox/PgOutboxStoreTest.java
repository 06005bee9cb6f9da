package io.emporium.platform.outbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** The outbox contract against PostgreSQL ({@code EMPORIUM_TEST_PG_URL}), a copy of platform_outbox_test.outbox
 * (created by the platform's outbox migration). */
class PgOutboxStoreTest extends OutboxStoreContract {
  @Override
  protected Future<OutboxFixture> emptyOutbox(Vertx vertx) {
    return OutboxFixture.postgres(vertx);
  }

  @Test
  void tableNameMustBeSchemaQualifiedAndPlain(Vertx vertx) {
    assertThatThrownBy(() -> new PgOutboxStore(vertx, null, "outbox; DROP TABLE x", 1_000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
