package io.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.persistence.SchemaMigrations;
import io.emporium.platform.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's outbox migration ({@link SchemaMigrations#OUTBOX}) beside a service's migrations that
 * created the outbox themselves before it existed (the order service's {@code V1__orders.sql}, unchanged
 * since it ran on deployed databases): it runs after them without an error, changes nothing, and the
 * table it creates on its own is the same table, column for column, index for index.
 */
class OutboxMigrationTest {
  /** The order service's migrations and then the platform's, as a deployed order schema would meet them. */
  private static final String FOLDED = "orders_outbox_fold_test";
  /** The platform's migration alone, as a new service's schema gets its outbox. */
  private static final String PLATFORM_ONLY = "platform_outbox_test";

  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx, "outbox-migration-test");
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theFoldRunsAfterAServiceThatCreatedTheOutboxAndMakesTheSameTable() throws Exception {
    TestDatabase.migrate(vertx, FOLDED, List.of(OrderModule.MIGRATIONS, SchemaMigrations.OUTBOX)).await(60, TimeUnit.SECONDS);
    // Again: nothing is left to apply (the repeatable migration has not changed).
    assertThat(TestDatabase.migrate(vertx, FOLDED, List.of(OrderModule.MIGRATIONS, SchemaMigrations.OUTBOX))
        .await(60, TimeUnit.SECONDS)).isZero();
    TestDatabase.migrate(vertx, PLATFORM_ONLY, SchemaMigrations.OUTBOX).await(60, TimeUnit.SECONDS);

    assertThat(definition(PLATFORM_ONLY)).isEqualTo(definition(FOLDED)).isNotEmpty();
  }

  /** The outbox table of {@code schema}: its columns, constraints and indexes, with the schema's name left out. */
  private List<String> definition(String schema) throws Exception {
    List<String> lines = new ArrayList<>();
    for (Row column : query("""
        SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-')
          FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'outbox'
         ORDER BY ordinal_position""", schema)) {
      lines.add("column " + column.getString(0));
    }
    for (Row constraint : query("""
        SELECT conname || ' ' || contype::text || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
          JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = $1 AND t.relname = 'outbox' ORDER BY 1""", schema)) {
      lines.add("constraint " + constraint.getString(0));
    }
    for (Row index : query("""
        SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'outbox'
         ORDER BY indexname""", schema)) {
      lines.add("index " + index.getString(0).replace(schema + ".", ""));
    }
    return lines;
  }

  private Iterable<Row> query(String sql, String schema) throws Exception {
    return pool.preparedQuery(sql).execute(Tuple.of(schema)).await(10, TimeUnit.SECONDS);
  }
}
