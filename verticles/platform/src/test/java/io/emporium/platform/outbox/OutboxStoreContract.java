package io.emporium.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every {@link OutboxStore} must do; each store runs these same cases. */
@ExtendWith(VertxExtension.class)
abstract class OutboxStoreContract {
  static final long LONG_LEASE = 60_000;

  OutboxFixture fixture;
  OutboxStore store;

  protected abstract Future<OutboxFixture> emptyOutbox(Vertx vertx);

  @BeforeEach
  void startEmpty(Vertx vertx, VertxTestContext ctx) {
    emptyOutbox(vertx).onComplete(ctx.succeeding(f -> {
      fixture = f;
      store = f.store();
      ctx.completeNow();
    }));
  }

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  static OutboxEvent event(String type, int n) {
    return OutboxEvent.of(type, new JsonObject().put("n", n).put("nested", new JsonObject().put("ok", true)));
  }

  @Test
  void appendedEventIsClaimedWholeAsItsFirstAttempt(VertxTestContext ctx) {
    OutboxEvent written = event("thing.happened", 1);
    fixture.append(List.of(written))
        .compose(v -> store.claim("relay-a", 10, LONG_LEASE))
        .onComplete(ctx.succeeding(claimed -> ctx.verify(() -> {
          assertThat(claimed).hasSize(1);
          assertThat(claimed.get(0).event()).isEqualTo(written);
          assertThat(claimed.get(0).attempt()).isEqualTo(1);
          assertThat(claimed.get(0).owner()).isEqualTo("relay-a");
          ctx.completeNow();
        })));
  }

  @Test
  void claimTakesTheOldestFirstUpToTheLimit(VertxTestContext ctx) {
    List<OutboxEvent> events = IntStream.range(0, 5).mapToObj(i -> event("t", i)).toList();
    fixture.append(events)
        .compose(v -> store.claim("relay-a", 3, LONG_LEASE))
        .onComplete(ctx.succeeding(claimed -> ctx.verify(() -> {
          assertThat(claimed).extracting(ClaimedEvent::event).containsExactlyElementsOf(events.subList(0, 3));
          ctx.completeNow();
        })));
  }

  @Test
  void leasedEventIsInvisibleToOtherClaimsUntilTheLeaseRunsOut(Vertx vertx, VertxTestContext ctx) {
    fixture.append(List.of(event("t", 1)))
        .compose(v -> store.claim("relay-a", 10, 300))
        .compose(first -> store.claim("relay-b", 10, LONG_LEASE).map(second -> {
          ctx.verify(() -> assertThat(second).isEmpty());
          return first;
        }))
        .compose(first -> Polling.until(vertx, () -> store.claim("relay-b", 10, LONG_LEASE), c -> !c.isEmpty(), 5_000)
            .map(again -> List.of(first.get(0), again.get(0))))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(1).event()).isEqualTo(pair.get(0).event());
          assertThat(pair.get(1).attempt()).isEqualTo(2);
          assertThat(pair.get(1).owner()).isEqualTo("relay-b");
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentClaimsNeverShareAnEvent(VertxTestContext ctx) {
    List<OutboxEvent> events = IntStream.range(0, 40).mapToObj(i -> event("t", i)).toList();
    fixture.append(events)
        .compose(v -> Future.all(IntStream.range(0, 6)
            .mapToObj(i -> store.claim("relay-" + i, 10, LONG_LEASE)).toList()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<UUID> claimed = new ArrayList<>();
          for (int i = 0; i < all.size(); i++) {
            all.<List<ClaimedEvent>>resultAt(i).forEach(c -> claimed.add(c.event().id()));
          }
          assertThat(claimed).doesNotHaveDuplicates().hasSize(40);
          ctx.completeNow();
        })));
  }

  @Test
  void deliveredEventIsNeverClaimedAgain(VertxTestContext ctx) {
    OutboxEvent written = event("t", 1);
    fixture.append(List.of(written))
        .compose(v -> store.claim("relay-a", 10, 1))
        .compose(claimed -> store.markDelivered(claimed.get(0)))
        .compose(marked -> {
          ctx.verify(() -> assertThat(marked).isTrue());
          return store.claim("relay-b", 10, LONG_LEASE);
        })
        .compose(again -> store.find(written.id()).map(found -> {
          ctx.verify(() -> assertThat(again).isEmpty());
          return found.orElseThrow();
        }))
        .onComplete(ctx.succeeding(record -> ctx.verify(() -> {
          assertThat(record.status()).isEqualTo(OutboxStatus.DELIVERED);
          assertThat(record.leaseOwner()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void failedEventWaitsForItsBackoffAndKeepsTheError(VertxTestContext ctx) {
    OutboxEvent written = event("t", 1);
    fixture.append(List.of(written))
        .compose(v -> store.claim("relay-a", 10, LONG_LEASE))
        .compose(claimed -> store.markFailed(claimed.get(0), "UNAVAILABLE: nobody home", 5, 60_000))
        .compose(status -> {
          ctx.verify(() -> assertThat(status).contains(OutboxStatus.PENDING));
          return store.claim("relay-a", 10, LONG_LEASE);
        })
        .compose(again -> store.find(written.id()).map(found -> {
          ctx.verify(() -> assertThat(again).as("not due before its backoff").isEmpty());
          return found.orElseThrow();
        }))
        .onComplete(ctx.succeeding(record -> ctx.verify(() -> {
          assertThat(record.status()).isEqualTo(OutboxStatus.PENDING);
          assertThat(record.attempts()).isEqualTo(1);
          assertThat(record.lastError()).contains("UNAVAILABLE: nobody home");
          assertThat(record.leaseOwner()).isEmpty();
          assertThat(record.nextAttemptAt()).isAfter(java.time.Instant.now().plusSeconds(50));
          ctx.completeNow();
        })));
  }

  @Test
  void failedEventWithoutDelayIsClaimedAgainAsTheNextAttempt(VertxTestContext ctx) {
    fixture.append(List.of(event("t", 1)))
        .compose(v -> store.claim("relay-a", 10, LONG_LEASE))
        .compose(claimed -> store.markFailed(claimed.get(0), "boom", 5, 0))
        .compose(status -> store.claim("relay-a", 10, LONG_LEASE))
        .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
          assertThat(again).hasSize(1);
          assertThat(again.get(0).attempt()).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void eventIsDeadAfterItsLastAllowedAttemptAndNeverClaimedAgain(VertxTestContext ctx) {
    OutboxEvent written = event("t", 1);
    fixture.append(List.of(written))
        .compose(v -> failOnce(2))
        .compose(status -> {
          ctx.verify(() -> assertThat(status).contains(OutboxStatus.PENDING));
          return failOnce(2);
        })
        .compose(status -> {
          ctx.verify(() -> assertThat(status).contains(OutboxStatus.DEAD));
          return store.claim("relay-a", 10, LONG_LEASE);
        })
        .compose(again -> store.find(written.id()).map(found -> {
          ctx.verify(() -> assertThat(again).isEmpty());
          return found.orElseThrow();
        }))
        .onComplete(ctx.succeeding(record -> ctx.verify(() -> {
          assertThat(record.status()).isEqualTo(OutboxStatus.DEAD);
          assertThat(record.attempts()).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  private Future<java.util.Optional<OutboxStatus>> failOnce(int maxAttempts) {
    return store.claim("relay-a", 10, LONG_LEASE)
        .compose(claimed -> store.markFailed(claimed.get(0), "boom", maxAttempts, 0));
  }

  @Test
  void onlyTheRelayHoldingTheLeaseMayRecordTheOutcome(Vertx vertx, VertxTestContext ctx) {
    OutboxEvent written = event("t", 1);
    fixture.append(List.of(written))
        .compose(v -> store.claim("relay-a", 10, 200))
        .compose(byA -> Polling.until(vertx, () -> store.claim("relay-b", 10, LONG_LEASE), c -> !c.isEmpty(), 5_000)
            .compose(byB -> store.markDelivered(byA.get(0))
                .compose(aDelivered -> store.markFailed(byA.get(0), "late", 1, 0)
                    .map(aFailed -> {
                      ctx.verify(() -> {
                        assertThat(aDelivered).as("a stale relay cannot mark delivered").isFalse();
                        assertThat(aFailed).as("a stale relay cannot mark failed").isEmpty();
                      });
                      return byB;
                    }))))
        .compose(byB -> store.markDelivered(byB.get(0)))
        .onComplete(ctx.succeeding(bDelivered -> ctx.verify(() -> {
          assertThat(bDelivered).isTrue();
          ctx.completeNow();
        })));
  }

  @Test
  void releaseMakesTheOwnersLeasedEventsDueAtOnce(VertxTestContext ctx) {
    fixture.append(List.of(event("t", 1), event("t", 2)))
        .compose(v -> store.claim("relay-a", 1, LONG_LEASE))
        .compose(byA -> store.claim("relay-b", 1, LONG_LEASE))
        .compose(byB -> store.release("relay-a"))
        .compose(released -> {
          ctx.verify(() -> assertThat(released).isEqualTo(1));
          return store.claim("relay-c", 10, LONG_LEASE);
        })
        .onComplete(ctx.succeeding(byC -> ctx.verify(() -> {
          assertThat(byC).as("only relay-a's event came back").hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void statsCountEveryStateRetriesAndTheOldestPendingAge(Vertx vertx, VertxTestContext ctx) {
    List<OutboxEvent> events = IntStream.range(0, 4).mapToObj(i -> event("t", i)).toList();
    fixture.append(events)
        .compose(v -> store.claim("relay-a", 4, LONG_LEASE))
        .compose(claimed -> Future.all(
                store.markDelivered(claimed.get(0)),
                store.markFailed(claimed.get(1), "x", 1, 0),
                store.markFailed(claimed.get(2), "x", 5, 0))
            .map(claimed))
        .compose(claimed -> store.claim("relay-a", 4, LONG_LEASE))
        .compose(again -> store.markDelivered(again.stream().filter(c -> c.event().equals(events.get(2))).findFirst()
            .orElseThrow()))
        .compose(v -> Polling.until(vertx, store::stats, s -> s.oldestPendingAgeSeconds() >= 1, 5_000))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(stats.pending()).isEqualTo(1);
          assertThat(stats.delivered()).isEqualTo(2);
          assertThat(stats.dead()).isEqualTo(1);
          assertThat(stats.retried()).as("events that needed a second attempt").isEqualTo(1);
          assertThat(stats.toJson().fieldNames())
              .containsExactlyInAnyOrder("pending", "delivered", "dead", "retried", "oldestPendingAgeSeconds");
          ctx.completeNow();
        })));
  }

  @Test
  void emptyOutboxHasZeroStats(VertxTestContext ctx) {
    store.stats().onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
      assertThat(stats).isEqualTo(new OutboxStats(0, 0, 0, 0, 0));
      ctx.completeNow();
    })));
  }
}
