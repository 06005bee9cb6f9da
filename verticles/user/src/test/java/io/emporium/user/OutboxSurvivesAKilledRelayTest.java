package io.emporium.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.UserAction;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.outbox.OutboxStats;
import io.emporium.platform.outbox.Polling;
import io.emporium.platform.testing.TestDatabase;
import io.emporium.user.store.PgUserRepository;
import io.emporium.user.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing is lost when the user service dies between the write and the delivery, on PostgreSQL: a
 * registration commits its user.registered event; the JVM's relay claims it and is mailing it through
 * an SMTP server that never answers when the whole Vert.x (pool, relay, consumer) is closed under it,
 * so no outcome is recorded and the lease stays. A service started afterwards (another Vert.x, another
 * pool) delivers the event once the lease runs out: the welcome mail arrives, once.
 */
class OutboxSurvivesAKilledRelayTest {
  private final Vertx first = Vertx.vertx();
  private final Vertx second = Vertx.vertx();

  @AfterEach
  void closeBoth() throws Exception {
    Polling.close(first);
    Polling.close(second);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static EmporiumConfig smtpAt(int port) {
    return UserBus.config(Map.of(ConfigKey.NOTIFY_SENDER, "smtp", ConfigKey.SMTP_HOST, "127.0.0.1",
        ConfigKey.SMTP_PORT, String.valueOf(port), ConfigKey.SMTP_FROM, "shop@emporium.test",
        // Deliveries time out after 400 ms; a lease lasts 1.2 s.
        ConfigKey.BUS_TIMEOUT_MS, "400", ConfigKey.OUTBOX_POLL_MS, "50"));
  }

  private static Future<Long> leased(Pool pool) {
    return pool.query("SELECT count(*) AS n FROM account.outbox WHERE status = 'PENDING' AND lease_owner IS NOT NULL")
        .execute().map(rows -> rows.iterator().next().getLong("n"));
  }

  @Test
  void eventOfAServiceKilledMidDeliveryIsDeliveredAfterARestart() throws Exception {
    // The first JVM's SMTP server accepts connections and never says a word.
    NetServer silent = await(first.createNetServer().connectHandler(socket -> { }).listen(0, "127.0.0.1"));
    Pool firstPool = await(Stores.postgres(first).map(r -> TestDatabase.pool(first, "user-first")));
    UserBus firstService = await(UserBus.start(first, smtpAt(silent.actualPort()),
        new PgUserRepository(first, firstPool, TestDatabase.settings().timeoutMs())));
    await(firstService.call(UserAction.REGISTER, new JsonObject().put("email", "survivor@example.org")
        .put("password", UserBus.PASSWORD).put("name", "Survivor")));
    Pool observerPool = TestDatabase.pool(second, "user-observer");
    PgUserRepository observer = new PgUserRepository(second, observerPool, TestDatabase.settings().timeoutMs());
    await(Polling.until(second, () -> leased(observerPool), n -> n == 1, 5_000));

    // The first JVM dies with the delivery in flight: its pool closes first, so nothing more is recorded.
    first.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    OutboxStats afterDeath = await(observer.outbox().stats());
    assertThat(afterDeath.pending()).as("the event waits").isEqualTo(1);
    assertThat(afterDeath.delivered()).isZero();
    assertThat(await(leased(observerPool))).as("still leased by the dead relay").isEqualTo(1);

    // Another JVM starts with a working SMTP server.
    io.emporium.user.notify.FakeSmtpAccess smtp = new io.emporium.user.notify.FakeSmtpAccess();
    int port = await(smtp.start(second));
    await(UserBus.start(second, smtpAt(port), observer));
    await(Polling.until(second, () -> observer.outbox().stats(), s -> s.delivered() == 1, 15_000));
    assertThat(smtp.recipients()).singleElement().asString().contains("survivor@example.org");
  }
}
