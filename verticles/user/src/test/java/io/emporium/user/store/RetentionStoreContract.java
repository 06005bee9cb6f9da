package io.emporium.user.store;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.audit.Effects;
import io.emporium.platform.outbox.Polling;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Lockout;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.User;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every repository deletes when asked to, and what it never deletes: tokens that have not expired
 * (reuse detection and revocation depend on them) and streaks whose lock still runs.
 */
abstract class RetentionStoreContract extends RepositoryContract {
  private static final Instant TOMORROW = Instant.now().plus(Duration.ofDays(1));
  /** Three failures lock for an hour. */
  private static final LockoutPolicy POLICY = new LockoutPolicy(3, 3_600, 3_600);

  private Future<User> signedIn(String email, NewToken token) {
    return create(user(email)).compose(u -> repository.recordLoginSuccess(u.id(), u.email(),
        new NewSession(UUID.randomUUID(), u.id(), token), Optional.empty(), x -> Effects.none()))
        .map(Optional::orElseThrow);
  }

  private static NewToken expiringInASecond(int seed) {
    return new NewToken(UUID.randomUUID(), hash(seed), 1, Optional.empty(), Optional.empty());
  }

  private Future<RotationOutcome> rotate(int presented, int next) {
    return repository.rotate(hash(presented), token(hash(next)), o -> Effects.none());
  }

  private Future<Lockout> fail(String emailKey) {
    return repository.recordLoginFailure(emailKey, POLICY, l -> Effects.none());
  }

  @Test
  void tokensThatHaveNotExpiredAreKeptWhateverTheCutoffSoReuseAndRevocationAreStillDetected(VertxTestContext ctx) {
    List<Object> seen = new ArrayList<>();
    signedIn("rotated@example.org", token(hash(1)))
        .compose(u -> rotate(1, 2))
        .compose(rotated -> signedIn("revoked@example.org", token(hash(3))))
        .compose(u -> repository.endSession(hash(3), e -> Effects.none()))
        .compose(ended -> repository.purgeExpiredTokens(TOMORROW, 100))
        .compose(purged -> {
          seen.add(purged);
          return rotate(1, 4);
        })
        .compose(replayed -> {
          seen.add(replayed);
          return rotate(3, 5);
        })
        .onComplete(ctx.succeeding(revoked -> ctx.verify(() -> {
          assertThat(seen.get(0)).as("a cutoff in the future deletes no unexpired token").isEqualTo(0);
          assertThat(seen.get(1)).as("the rotated token still gives the replay away")
              .isInstanceOf(RotationOutcome.Reused.class);
          assertThat(revoked).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED));
          ctx.completeNow();
        })));
  }

  @Test
  void expiredTokensGoOnceTheirExpiryIsBeforeTheCutoffAtMostLimitAtATime(Vertx vertx, VertxTestContext ctx) {
    List<Object> seen = new ArrayList<>();
    signedIn("a@example.org", expiringInASecond(1))
        .compose(u -> signedIn("b@example.org", expiringInASecond(2)))
        .compose(u -> signedIn("c@example.org", expiringInASecond(3)))
        .compose(u -> signedIn("live@example.org", token(hash(4))).map(live -> {
          seen.add(live.id());
          return u;
        }))
        .compose(c -> Polling.until(vertx, () -> repository.liveSessionOf(c.id(), hash(3)), Optional::isEmpty, 5_000))
        .compose(expired -> repository.purgeExpiredTokens(Instant.now().minus(Duration.ofHours(1)), 100))
        .compose(purged -> {
          seen.add(purged);
          return rotate(1, 10);
        })
        .compose(withinRetention -> {
          seen.add(withinRetention);
          // The store's clock decides what expired: ask until it agrees the tokens are past their expiry.
          return Polling.until(vertx, () -> repository.purgeExpiredTokens(Instant.now(), 2), n -> n > 0, 5_000);
        })
        .compose(first -> repository.purgeExpiredTokens(Instant.now(), 2).map(second -> first + second))
        .compose(both -> {
          seen.add(both);
          return repository.purgeExpiredTokens(Instant.now(), 2);
        })
        .compose(none -> {
          seen.add(none);
          return rotate(1, 11);
        })
        .compose(afterPurge -> {
          seen.add(afterPurge);
          return repository.liveSessionOf((UUID) seen.get(0), hash(4));
        })
        .onComplete(ctx.succeeding(live -> ctx.verify(() -> {
          assertThat(seen.get(1)).as("expired less than the retention ago: kept").isEqualTo(0);
          assertThat(seen.get(2)).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.EXPIRED));
          assertThat(seen.get(3)).as("three expired tokens, two at a time").isEqualTo(3);
          assertThat(seen.get(4)).isEqualTo(0);
          assertThat(seen.get(5)).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.UNKNOWN));
          assertThat(live).as("the live session is untouched").isPresent();
          ctx.completeNow();
        })));
  }

  @Test
  void finishedStreaksGoButAStreakWithinTheCutoffOrALockThatStillRunsStays(VertxTestContext ctx) {
    List<Object> seen = new ArrayList<>();
    fail("streak@example.org")
        .compose(v -> fail("locked@example.org"))
        .compose(v -> fail("locked@example.org"))
        .compose(v -> fail("locked@example.org"))
        .compose(locked -> repository.purgeLoginThrottle(Instant.now().minus(Duration.ofHours(1)), 100))
        .compose(purged -> {
          seen.add(purged);
          return fail("streak@example.org");
        })
        .compose(second -> {
          seen.add(second.failures());
          return repository.purgeLoginThrottle(TOMORROW, 100);
        })
        .compose(purged -> {
          seen.add(purged);
          return repository.lockedForSeconds("locked@example.org");
        })
        .compose(stillLocked -> {
          seen.add(stillLocked.isPresent());
          return fail("streak@example.org");
        })
        .onComplete(ctx.succeeding(afterPurge -> ctx.verify(() -> {
          assertThat(seen.get(0)).as("last failures after the cutoff: nothing goes").isEqualTo(0);
          assertThat(seen.get(1)).as("so the streak goes on").isEqualTo(2);
          assertThat(seen.get(2)).as("only the unlocked streak goes").isEqualTo(1);
          assertThat(seen.get(3)).as("a running lock is never lifted").isEqualTo(true);
          assertThat(afterPurge.failures()).as("a deleted streak counts from one again").isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void streaksGoAtMostLimitAtATime(VertxTestContext ctx) {
    List<Integer> counts = new ArrayList<>();
    fail("one@example.org")
        .compose(v -> fail("two@example.org"))
        .compose(v -> fail("three@example.org"))
        .compose(v -> repository.purgeLoginThrottle(TOMORROW, 2))
        .compose(n -> {
          counts.add(n);
          return repository.purgeLoginThrottle(TOMORROW, 2);
        })
        .compose(n -> {
          counts.add(n);
          return repository.purgeLoginThrottle(TOMORROW, 2);
        })
        .onComplete(ctx.succeeding(n -> ctx.verify(() -> {
          counts.add(n);
          assertThat(counts).containsExactly(2, 1, 0);
          ctx.completeNow();
        })));
  }

  @Test
  void auditEntriesGoOnceWrittenBeforeTheCutoffAtMostLimitAtATime(VertxTestContext ctx) {
    Instant aMinuteAgo = Instant.now().minusSeconds(60);
    List<Integer> counts = new ArrayList<>();
    repository.appendAudit(audit(AuditAction.REGISTER, UUID.randomUUID()))
        .compose(v -> repository.appendAudit(audit(AuditAction.LOGIN_FAILURE, null)))
        .compose(v -> repository.appendAudit(audit(AuditAction.LOGIN_SUCCESS, UUID.randomUUID())))
        .compose(v -> repository.purgeAuditLog(aMinuteAgo, 10))
        .compose(n -> {
          counts.add(n);
          return repository.purgeAuditLog(TOMORROW, 2);
        })
        .compose(n -> {
          counts.add(n);
          return repository.purgeAuditLog(TOMORROW, 2);
        })
        .compose(n -> {
          counts.add(n);
          return repository.purgeAuditLog(TOMORROW, 2);
        })
        .onComplete(ctx.succeeding(n -> ctx.verify(() -> {
          counts.add(n);
          assertThat(counts).as("none written a minute ago, then two, one, none").containsExactly(0, 2, 1, 0);
          ctx.completeNow();
        })));
  }
}
