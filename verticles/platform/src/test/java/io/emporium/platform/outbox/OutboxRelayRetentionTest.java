package io.emporium.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the relay runs its purge, whatever the store: sweeps never overlap, a failing or hanging purge
 * neither stops deliveries nor the next sweep, and delivered events within their retention stay. (What
 * a purge deletes is the store contract's business.)
 */
@ExtendWith(VertxExtension.class)
class OutboxRelayRetentionTest {
  private final InMemoryOutboxStore memory = new InMemoryOutboxStore();

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  @Test
  void sweepsNeverOverlapEvenWhenAPurgeTakesLongerThanTheInterval(Vertx vertx, VertxTestContext ctx) {
    // Every purge takes 150 ms; sweeps are due every 10 ms.
    PurgeProbe probe = new PurgeProbe(memory, () -> {
      Promise<Integer> done = Promise.promise();
      vertx.setTimer(150, t -> done.complete(0));
      return done.future();
    });
    vertx.deployVerticle(relay(vertx, probe, new OutboxRetention("test", Duration.ZERO, 10, 1_000)))
        .compose(id -> Polling.until(vertx, () -> Future.succeededFuture(probe.calls.get()), n -> n >= 5, 10_000))
        .onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
          assertThat(probe.mostAtOnce.get()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aFailingPurgeNeitherStopsDeliveriesNorTheNextSweeps(Vertx vertx, VertxTestContext ctx) {
    PurgeProbe probe = new PurgeProbe(memory, () -> Future.failedFuture(new IllegalStateException("disk full")));
    List<JsonObject> acked = new CopyOnWriteArrayList<>();
    OutboxEvent event = OutboxEvent.of("thing.created", new JsonObject());
    OutboxRelayContract.target(vertx, 0, acked).completion()
        .compose(v -> vertx.deployVerticle(relay(vertx, probe, new OutboxRetention("test", Duration.ZERO, 20, 1_000))))
        .compose(id -> Polling.until(vertx, () -> Future.succeededFuture(probe.calls.get()), n -> n >= 3, 10_000))
        .compose(calls -> {
          memory.append(List.of(event));
          return Polling.until(vertx, () -> memory.find(event.id()),
              r -> r.orElseThrow().status() == OutboxStatus.DELIVERED, 10_000);
        })
        .compose(delivered -> {
          int before = probe.calls.get();
          return Polling.until(vertx, () -> Future.succeededFuture(probe.calls.get()), n -> n > before, 10_000);
        })
        .onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
          assertThat(acked).containsExactly(event.toEnvelope());
          ctx.completeNow();
        })));
  }

  @Test
  void aPurgeThatHangsTimesOutAndTheNextSweepRuns(Vertx vertx, VertxTestContext ctx) {
    // Sweeps are due every 20 ms, but each waits for the one before, which gives up after 100 ms.
    PurgeProbe probe = new PurgeProbe(memory, () -> Promise.<Integer>promise().future());
    vertx.deployVerticle(relay(vertx, probe, new OutboxRetention("test", Duration.ZERO, 20, 100)))
        .compose(id -> Polling.until(vertx, () -> Future.succeededFuture(probe.calls.get()), n -> n >= 4, 10_000))
        .onComplete(ctx.succeeding(calls -> ctx.verify(() -> {
          List<Long> started = List.copyOf(probe.startedAtNanos);
          for (int i = 1; i < started.size(); i++) {
            assertThat(Duration.ofNanos(started.get(i) - started.get(i - 1)).toMillis())
                .as("a purge starts only once the one before timed out").isGreaterThanOrEqualTo(90);
          }
          ctx.completeNow();
        })));
  }

  @Test
  void deliveredEventsWithinTheirRetentionStay(Vertx vertx, VertxTestContext ctx) {
    PurgeProbe probe = new PurgeProbe(memory, null);
    List<JsonObject> acked = new CopyOnWriteArrayList<>();
    OutboxEvent event = OutboxEvent.of("thing.created", new JsonObject());
    memory.append(List.of(event));
    OutboxRelayContract.target(vertx, 0, acked).completion()
        .compose(v -> vertx.deployVerticle(relay(vertx, probe, new OutboxRetention("test", Duration.ofHours(1), 20,
            1_000))))
        .compose(id -> Polling.until(vertx, () -> memory.find(event.id()),
            r -> r.orElseThrow().status() == OutboxStatus.DELIVERED, 10_000))
        .compose(delivered -> {
          int before = probe.calls.get();
          return Polling.until(vertx, () -> Future.succeededFuture(probe.calls.get()), n -> n >= before + 3, 10_000);
        })
        .compose(swept -> memory.find(event.id()))
        .onComplete(ctx.succeeding(record -> ctx.verify(() -> {
          assertThat(record).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(OutboxStatus.DELIVERED));
          ctx.completeNow();
        })));
  }

  private static OutboxRelay relay(Vertx vertx, OutboxStore store, OutboxRetention retention) {
    return OutboxRelayContract.relay(vertx, store, OutboxRelayContract.settings(3, 5_000), retention);
  }

  /** The in-memory store, with purges counted and, when {@code purge} is given, answered by it instead. */
  private static final class PurgeProbe implements OutboxStore {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final List<Long> startedAtNanos = new CopyOnWriteArrayList<>();
    private final OutboxStore store;
    private final Supplier<Future<Integer>> purge;

    PurgeProbe(OutboxStore store, Supplier<Future<Integer>> purge) {
      this.store = store;
      this.purge = purge;
    }

    @Override
    public Future<Integer> purgeDelivered(Instant deliveredBefore, int limit) {
      startedAtNanos.add(System.nanoTime());
      calls.incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      Future<Integer> answer = purge == null ? store.purgeDelivered(deliveredBefore, limit) : purge.get();
      return answer.andThen(done -> running.decrementAndGet());
    }

    @Override
    public Future<List<ClaimedEvent>> claim(String owner, int limit, long leaseMs) {
      return store.claim(owner, limit, leaseMs);
    }

    @Override
    public Future<Boolean> markDelivered(ClaimedEvent claimed) {
      return store.markDelivered(claimed);
    }

    @Override
    public Future<Optional<OutboxStatus>> markFailed(ClaimedEvent claimed, String error, int maxAttempts,
        long retryDelayMs) {
      return store.markFailed(claimed, error, maxAttempts, retryDelayMs);
    }

    @Override
    public Future<Integer> release(String owner) {
      return store.release(owner);
    }

    @Override
    public Future<Optional<OutboxRecord>> find(UUID id) {
      return store.find(id);
    }

    @Override
    public Future<OutboxStats> stats() {
      return store.stats();
    }
  }
}
