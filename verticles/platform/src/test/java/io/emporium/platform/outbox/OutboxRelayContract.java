package io.emporium.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay over each store, on a real local event bus. */
@ExtendWith(VertxExtension.class)
abstract class OutboxRelayContract {
  static final String TARGET = "test.outbox.target";

  OutboxFixture fixture;
  final List<Vertx> others = new CopyOnWriteArrayList<>();

  protected abstract Future<OutboxFixture> emptyOutbox(Vertx vertx);

  /** The same outbox, seen through a fixture living in another Vert.x (another "JVM"). */
  protected abstract Future<OutboxFixture> sameOutboxIn(Vertx other);

  @BeforeEach
  void startEmpty(Vertx vertx, VertxTestContext ctx) {
    emptyOutbox(vertx).onComplete(ctx.succeeding(f -> {
      fixture = f;
      ctx.completeNow();
    }));
  }

  static RelaySettings settings(int maxAttempts, long leaseMs) {
    return new RelaySettings(20, maxAttempts, 8, leaseMs, Math.min(1_000, leaseMs - 1), 10, 40);
  }

  /** Delivered events stay an hour: no test but the retention ones sees one purged. */
  static final OutboxRetention KEEP_AN_HOUR = new OutboxRetention("test", Duration.ofHours(1), 100, 1_000);

  static OutboxRelay relay(Vertx vertx, OutboxStore store, RelaySettings settings) {
    return relay(vertx, store, settings, KEEP_AN_HOUR);
  }

  static OutboxRelay relay(Vertx vertx, OutboxStore store, RelaySettings settings, OutboxRetention retention) {
    return new OutboxRelay(store, new BusDelivery(vertx, TARGET, settings.deliveryTimeoutMs()), settings, retention);
  }

  /** A delivery target that acknowledges after {@code failuresFirst} failures, and records what it acked. */
  static MessageConsumer<JsonObject> target(Vertx vertx, int failuresFirst, List<JsonObject> acked) {
    AtomicInteger calls = new AtomicInteger();
    return vertx.eventBus().consumer(TARGET, message -> {
      if (calls.incrementAndGet() <= failuresFirst) {
        message.fail(ErrorCode.UNAVAILABLE.failureCode(), "{\"code\":\"UNAVAILABLE\",\"message\":\"not now\"}");
      } else {
        acked.add(message.body());
        message.reply(new JsonObject());
      }
    });
  }

  @Test
  void eachEventIsAcknowledgedByTheTargetAndPublishedToListeners(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> acked = new CopyOnWriteArrayList<>();
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    OutboxEvent first = OutboxEvent.of("thing.created", new JsonObject().put("n", 1));
    OutboxEvent second = OutboxEvent.of("thing.created", new JsonObject().put("n", 2));
    MessageConsumer<JsonObject> target = target(vertx, 0, acked);
    MessageConsumer<JsonObject> listener = vertx.eventBus().consumer(Addresses.event("thing.created"),
        m -> heard.add(m.body()));
    Future.all(target.completion(), listener.completion())
        .compose(v -> fixture.append(List.of(first, second)))
        .compose(v -> vertx.deployVerticle(relay(vertx, fixture.store(), settings(3, 5_000))))
        .compose(id -> Polling.until(vertx, fixture.store()::stats, s -> s.delivered() == 2, 10_000))
        // Publication and acknowledgement travel separately: wait for the listener too.
        .compose(stats -> Polling.until(vertx, () -> Future.succeededFuture(heard.size()), n -> n >= 2, 5_000)
            .map(stats))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(acked).containsExactlyInAnyOrder(first.toEnvelope(), second.toEnvelope());
          assertThat(heard).containsExactlyInAnyOrder(first.toEnvelope(), second.toEnvelope());
          assertThat(stats.pending()).isZero();
          assertThat(stats.retried()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void failedDeliveriesAreRetriedWithBackoffUntilAcknowledged(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> acked = new CopyOnWriteArrayList<>();
    OutboxEvent event = OutboxEvent.of("thing.created", new JsonObject());
    target(vertx, 2, acked).completion()
        .compose(v -> fixture.append(List.of(event)))
        .compose(v -> vertx.deployVerticle(relay(vertx, fixture.store(), settings(5, 5_000))))
        .compose(id -> Polling.until(vertx, () -> fixture.store().find(event.id()),
            r -> r.orElseThrow().status() == OutboxStatus.DELIVERED, 10_000))
        .compose(record -> fixture.store().stats().map(stats -> {
          ctx.verify(() -> {
            assertThat(record.orElseThrow().attempts()).isEqualTo(3);
            assertThat(stats.retried()).isEqualTo(1);
          });
          return stats;
        }))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(acked).containsExactly(event.toEnvelope());
          ctx.completeNow();
        })));
  }

  @Test
  void eventIsDeadAfterMaxAttemptsAndTheRelayGoesOn(Vertx vertx, VertxTestContext ctx) {
    OutboxEvent doomed = OutboxEvent.of("thing.created", new JsonObject());
    // No consumer at all: every delivery fails with NO_HANDLERS.
    fixture.append(List.of(doomed))
        .compose(v -> vertx.deployVerticle(relay(vertx, fixture.store(), settings(3, 5_000))))
        .compose(id -> Polling.until(vertx, () -> fixture.store().find(doomed.id()),
            r -> r.orElseThrow().status() == OutboxStatus.DEAD, 10_000))
        .compose(record -> fixture.store().stats().map(stats -> List.of(record.orElseThrow(), stats)))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          OutboxRecord record = (OutboxRecord) pair.get(0);
          OutboxStats stats = (OutboxStats) pair.get(1);
          assertThat(record.attempts()).isEqualTo(3);
          assertThat(record.lastError()).hasValueSatisfying(error -> assertThat(error).startsWith("UNAVAILABLE"));
          assertThat(stats.dead()).isEqualTo(1);
          assertThat(stats.pending()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void twoRelaysOnOneOutboxDeliverEveryEventExactlyOnceWhenNothingFails(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> acked = new CopyOnWriteArrayList<>();
    List<OutboxEvent> events = IntStream.range(0, 60)
        .mapToObj(i -> OutboxEvent.of("thing.created", new JsonObject().put("n", i))).toList();
    target(vertx, 0, acked).completion()
        .compose(v -> vertx.deployVerticle(relay(vertx, fixture.store(), settings(3, 5_000))))
        .compose(v -> vertx.deployVerticle(relay(vertx, fixture.store(), settings(3, 5_000))))
        .compose(v -> fixture.append(events))
        .compose(v -> Polling.until(vertx, fixture.store()::stats, s -> s.delivered() == 60, 15_000))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(acked).hasSize(60);
          assertThat(acked.stream().map(e -> e.getString("id")).distinct()).hasSize(60);
          ctx.completeNow();
        })));
  }

  /**
   * With a retention of nothing, the relay deletes what it delivered at its next sweep; a dead event
   * stays, and so do delivered events within their retention (the relay of the other tests keeps them
   * an hour: they count them as delivered).
   */
  @Test
  void relayDeletesDeliveredEventsPastTheirRetentionAndKeepsDeadOnes(Vertx vertx, VertxTestContext ctx) {
    OutboxEvent delivered = OutboxEvent.of("thing.created", new JsonObject().put("n", 1));
    OutboxEvent doomed = OutboxEvent.of("thing.created", new JsonObject().put("n", 2));
    List<JsonObject> acked = new CopyOnWriteArrayList<>();
    OutboxRetention keepNothing = new OutboxRetention("test", Duration.ZERO, 50, 1_000);
    fixture.append(List.of(doomed))
        .compose(v -> fixture.store().claim("earlier-relay", 1, 60_000))
        .compose(claimed -> fixture.store().markFailed(claimed.get(0), "gone for good", 1, 0))
        .compose(v -> target(vertx, 0, acked).completion())
        .compose(v -> fixture.append(List.of(delivered)))
        .compose(v -> vertx.deployVerticle(relay(vertx, fixture.store(), settings(3, 5_000), keepNothing)))
        .compose(id -> Polling.until(vertx, () -> fixture.store().find(delivered.id()), found -> found.isEmpty()
            && !acked.isEmpty(), 10_000))
        .compose(gone -> Future.all(fixture.store().find(doomed.id()), fixture.store().stats()))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(acked).containsExactly(delivered.toEnvelope());
          assertThat(after.<Optional<OutboxRecord>>resultAt(0)).hasValueSatisfying(
              record -> assertThat(record.status()).isEqualTo(OutboxStatus.DEAD));
          OutboxStats stats = after.resultAt(1);
          assertThat(stats.delivered()).isZero();
          assertThat(stats.dead()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /**
   * The relay of another Vert.x claims the event, then its process dies before it can deliver or record
   * anything: its store is cut off and its Vert.x closed. A relay started afterwards delivers the event
   * once the dead relay's lease has run out: nothing is lost.
   */
  @Test
  void eventClaimedByARelayThatDiesIsDeliveredByTheNextRelay(Vertx vertx, VertxTestContext ctx) {
    Vertx doomed = Vertx.vertx();
    others.add(doomed);
    List<JsonObject> acked = new CopyOnWriteArrayList<>();
    Map<String, Boolean> seenByDoomed = new ConcurrentHashMap<>();
    OutboxEvent event = OutboxEvent.of("thing.created", new JsonObject().put("must", "arrive"));
    long lease = 800;
    // The doomed JVM's target never answers: the delivery is in flight when the process dies.
    doomed.eventBus().<JsonObject>consumer(TARGET, message -> seenByDoomed.put(message.body().getString("id"), true))
        .completion()
        .compose(v -> sameOutboxIn(doomed))
        .compose(doomedOutbox -> {
          DyingStore dying = new DyingStore(doomedOutbox.store());
          return fixture.append(List.of(event))
              .compose(v -> doomed.deployVerticle(new OutboxRelay(dying,
                  new BusDelivery(doomed, TARGET, 30_000), new RelaySettings(20, 5, 8, lease, lease - 1, 10, 40),
                  KEEP_AN_HOUR)))
              .compose(id -> Polling.until(vertx, () -> fixture.store().find(event.id()),
                  r -> r.orElseThrow().leaseOwner().isPresent() && seenByDoomed.containsKey(event.id().toString()),
                  10_000).map(id))
              .compose(id -> {
                // The process dies: from now on it can record nothing, and its relay is gone.
                dying.die();
                return doomed.undeploy(id);
              });
        })
        .compose(dead -> fixture.store().find(event.id()).map(afterDeath -> {
          ctx.verify(() -> {
            assertThat(afterDeath.orElseThrow().status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(afterDeath.orElseThrow().leaseOwner()).as("the dead relay still holds the lease").isPresent();
          });
          return afterDeath;
        }))
        .compose(v -> target(vertx, 0, acked).completion())
        .compose(v -> vertx.deployVerticle(relay(vertx, fixture.store(), settings(5, 5_000))))
        .compose(id -> Polling.until(vertx, () -> fixture.store().find(event.id()),
            r -> r.orElseThrow().status() == OutboxStatus.DELIVERED, 15_000))
        .onComplete(ctx.succeeding(record -> ctx.verify(() -> {
          assertThat(acked).containsExactly(event.toEnvelope());
          assertThat(record.orElseThrow().attempts()).as("the dead relay's attempt counts").isGreaterThanOrEqualTo(2);
          ctx.completeNow();
        })));
  }

  /** Closes the other Vert.x instances a test made, from the test thread (as the extension closes its own). */
  @AfterEach
  void closeEveryVertx(Vertx vertx) throws Exception {
    for (Vertx other : others) {
      Polling.close(other);
    }
    others.clear();
    Polling.close(vertx);
  }

  /** Stopping a relay lets the delivery in flight finish and records it: nothing is left leased. */
  @Test
  void stoppingARelayFinishesTheDeliveryInFlight(Vertx vertx, VertxTestContext ctx) {
    OutboxEvent event = OutboxEvent.of("thing.created", new JsonObject());
    AtomicInteger calls = new AtomicInteger();
    // The target answers 300 ms after it got the event.
    MessageConsumer<JsonObject> slow = vertx.eventBus().consumer(TARGET, m -> {
      calls.incrementAndGet();
      vertx.setTimer(300, t -> m.reply(new JsonObject()));
    });
    slow.completion()
        .compose(v -> fixture.append(List.of(event)))
        .compose(v -> vertx.deployVerticle(relay(vertx, fixture.store(), settings(5, 5_000))))
        .compose(id -> Polling.until(vertx, () -> Future.succeededFuture(calls.get()), n -> n > 0, 5_000).map(id))
        .compose(id -> vertx.undeploy(id))
        .compose(v -> fixture.store().find(event.id()))
        .onComplete(ctx.succeeding(record -> ctx.verify(() -> {
          assertThat(record.orElseThrow().status()).isEqualTo(OutboxStatus.DELIVERED);
          assertThat(record.orElseThrow().leaseOwner()).isEmpty();
          assertThat(calls.get()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** Claims through the real store, then "dies": every later call fails as if the process were gone. */
  static final class DyingStore implements OutboxStore {
    private final OutboxStore alive;
    private volatile boolean dead;

    DyingStore(OutboxStore alive) {
      this.alive = alive;
    }

    void die() {
      dead = true;
    }

    private <T> Future<T> gone() {
      return Future.failedFuture(new IllegalStateException("the relay's process died"));
    }

    @Override
    public Future<List<ClaimedEvent>> claim(String owner, int limit, long leaseMs) {
      return dead ? gone() : alive.claim(owner, limit, leaseMs);
    }

    @Override
    public Future<Boolean> markDelivered(ClaimedEvent claimed) {
      return gone();
    }

    @Override
    public Future<Optional<OutboxStatus>> markFailed(ClaimedEvent claimed, String error, int maxAttempts,
        long retryDelayMs) {
      return gone();
    }

    @Override
    public Future<Integer> release(String owner) {
      return gone();
    }

    @Override
    public Future<Integer> purgeDelivered(Instant deliveredBefore, int limit) {
      return dead ? gone() : alive.purgeDelivered(deliveredBefore, limit);
    }

    @Override
    public Future<Optional<OutboxRecord>> find(UUID id) {
      return alive.find(id);
    }

    @Override
    public Future<OutboxStats> stats() {
      return alive.stats();
    }
  }
}
