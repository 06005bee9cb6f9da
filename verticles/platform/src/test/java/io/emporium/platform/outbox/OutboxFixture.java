package io.emporium.platform.outbox;

import io.emporium.platform.persistence.SchemaMigrations;
import io.emporium.platform.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;

/** An empty outbox of one kind, and a way to write events into it as a service would. */
interface OutboxFixture {
  /**
   * The schema of the platform's outbox migration alone ({@link SchemaMigrations#OUTBOX}). Not
   * {@code outbox_test}: that schema's history holds the test migrations this one replaced, which Flyway
   * would refuse to find missing in test databases that already ran them.
   */
  String SCHEMA = "platform_outbox_test";
  String TABLE = SCHEMA + ".outbox";

  OutboxStore store();

  Future<Void> append(List<OutboxEvent> events);

  static Future<OutboxFixture> memory() {
    InMemoryOutboxStore store = new InMemoryOutboxStore();
    return Future.succeededFuture(new OutboxFixture() {
      @Override
      public OutboxStore store() {
        return store;
      }

      @Override
      public Future<Void> append(List<OutboxEvent> events) {
        store.append(events);
        return Future.succeededFuture();
      }
    });
  }

  /**
   * This JVM's own copy of the table: relays claim whatever is due in their table, so two test runs at
   * once (two developers, one database) must not share one.
   */
  String OWN_TABLE = TABLE + "_" + ProcessHandle.current().pid();

  static Future<OutboxFixture> postgres(Vertx vertx) {
    return TestDatabase.prepare(vertx, SCHEMA, SchemaMigrations.OUTBOX)
        .compose(pool -> pool.query("CREATE TABLE IF NOT EXISTS " + OWN_TABLE + " (LIKE " + TABLE + " INCLUDING ALL)")
            .execute()
            .compose(created -> TestDatabase.truncate(pool, OWN_TABLE))
            .map(truncated -> postgres(vertx, pool)));
  }

  static OutboxFixture postgres(Vertx vertx, Pool pool) {
    PgOutboxStore store = new PgOutboxStore(vertx, pool, OWN_TABLE, TestDatabase.settings().timeoutMs());
    return new OutboxFixture() {
      @Override
      public OutboxStore store() {
        return store;
      }

      @Override
      public Future<Void> append(List<OutboxEvent> events) {
        return pool.withTransaction(conn -> store.append(conn, events));
      }
    };
  }
}
