package io.emporium.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    // 2 s, not less: on a loaded machine (CI beside other JVMs) two claims took over 300 ms, and relay-b then
    // rightly took the event whose lease had run out, failing the first assertion.
    fixture.append(List.of(event("t", 1)))
        .compose(v -> store.claim("relay-a", 10, 2_000))
        .compose(first -> store.claim("relay-b", 10, LONG_LEASE).map(second -> {
          ctx.verify(() -> assertThat(second).isEmpty());
          return first;
        }))
        .compose(first -> Polling.until(vertx, () -> store.claim("relay-b", 10, LONG_LEASE), c -> !c.isEmpty(), 10_000)
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

  /** Delivers the events as a relay would: appended, claimed, acknowledged. */
  private Future<Void> delivered(List<OutboxEvent> events) {
    return fixture.append(events)
        .compose(v -> store.claim("relay-a", events.size(), LONG_LEASE))
        .compose(claimed -> Future.all(claimed.stream().map(store::markDelivered).toList()))
        .mapEmpty();
  }

  private Future<Void> dead(OutboxEvent event) {
    return fixture.append(List.of(event))
        .compose(v -> store.claim("relay-a", 1, LONG_LEASE))
        .compose(claimed -> store.markFailed(claimed.get(0), "gone for good", 1, 0))
        .mapEmpty();
  }

  private Future<Optional<OutboxStatus>> statusOf(OutboxEvent event) {
    return store.find(event.id()).map(found -> found.map(OutboxRecord::status));
  }

  /** The store's clock moves on between the writes on either side (250 ms either way: generous). */
  private static final long GAP_MS = 250;

  @Test
  void purgeDeletesEventsDeliveredBeforeTheCutoffAndNeverPendingOrDeadOnes(Vertx vertx, VertxTestContext ctx) {
    OutboxEvent old = event("t", 1);
    OutboxEvent recent = event("t", 2);
    OutboxEvent pending = event("t", 3);
    OutboxEvent failed = event("t", 4);
    List<Object> seen = new ArrayList<>();
    delivered(List.of(old))
        .compose(v -> dead(failed))
        .compose(v -> vertx.timer(GAP_MS))
        .map(t -> Instant.now())
        .compose(cutoff -> vertx.timer(GAP_MS)
            .compose(t -> delivered(List.of(recent)))
            .compose(v -> fixture.append(List.of(pending)))
            .compose(v -> store.purgeDelivered(cutoff, 100)))
        .compose(purged -> {
          seen.add(purged);
          return Future.all(statusOf(old), statusOf(recent), statusOf(pending), statusOf(failed));
        })
        .compose(after -> {
          seen.add(List.of(after.resultAt(0), after.resultAt(1), after.resultAt(2), after.resultAt(3)));
          // A cutoff in the future: every delivered event is old enough, and still nothing else goes.
          return store.purgeDelivered(Instant.now().plus(Duration.ofDays(1)), 100);
        })
        .compose(purged -> {
          seen.add(purged);
          return store.stats();
        })
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(seen.get(0)).as("only the event delivered before the cutoff").isEqualTo(1);
          assertThat(seen.get(1)).isEqualTo(List.of(Optional.empty(), Optional.of(OutboxStatus.DELIVERED),
              Optional.of(OutboxStatus.PENDING), Optional.of(OutboxStatus.DEAD)));
          assertThat(seen.get(2)).isEqualTo(1);
          assertThat(stats.delivered()).isZero();
          assertThat(stats.pending()).isEqualTo(1);
          assertThat(stats.dead()).as("dead events stay for operators").isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void purgeTakesAtMostItsLimitTheLongestDeliveredFirst(Vertx vertx, VertxTestContext ctx) {
    OutboxEvent first = event("t", 0);
    List<OutboxEvent> later = IntStream.range(1, 5).mapToObj(i -> event("t", i)).toList();
    Instant future = Instant.now().plus(Duration.ofDays(1));
    List<Integer> counts = new ArrayList<>();
    delivered(List.of(first))
        .compose(v -> vertx.timer(GAP_MS))
        .compose(t -> delivered(later))
        .compose(v -> store.purgeDelivered(future, 1))
        .compose(n -> {
          counts.add(n);
          return statusOf(first);
        })
        .compose(firstAfter -> {
          ctx.verify(() -> assertThat(firstAfter).as("the longest delivered goes first").isEmpty());
          return store.purgeDelivered(future, 3);
        })
        .compose(n -> {
          counts.add(n);
          return store.purgeDelivered(future, 3);
        })
        .compose(n -> {
          counts.add(n);
          return store.purgeDelivered(future, 3);
        })
        .onComplete(ctx.succeeding(n -> ctx.verify(() -> {
          counts.add(n);
          assertThat(counts).containsExactly(1, 3, 1, 0);
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentPurgesShareTheRowsAndDeleteEachOnce(VertxTestContext ctx) {
    List<OutboxEvent> events = IntStream.range(0, 40).mapToObj(i -> event("t", i)).toList();
    Instant future = Instant.now().plus(Duration.ofDays(1));
    delivered(events)
        .compose(v -> Future.all(IntStream.range(0, 6).mapToObj(i -> store.purgeDelivered(future, 10)).toList()))
        .compose(all -> store.stats().map(stats -> {
          int sum = 0;
          for (int i = 0; i < all.size(); i++) {
            int n = all.<Integer>resultAt(i);
            ctx.verify(() -> assertThat(n).isBetween(0, 10));
            sum += n;
          }
          return List.of((long) sum, stats.delivered());
        }))
        .onComplete(ctx.succeeding(sumAndLeft -> ctx.verify(() -> {
          assertThat(sumAndLeft).containsExactly(40L, 0L);
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
