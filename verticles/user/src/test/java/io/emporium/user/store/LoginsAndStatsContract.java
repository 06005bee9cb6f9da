package io.emporium.user.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.audit.Effects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Lockout;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserStats;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserRepository} must do with logins: lockouts that grow with failures and end with a success,
 * the stamp and rehash of a success, and the statistics that count users and logins. Each store runs these same
 * cases through a subclass, so the in-memory store cannot drift from PostgreSQL.
 */
abstract class LoginsAndStatsContract extends RepositoryContract {

  @Test
  void lockoutGrowsWithEachFailureFromTheThresholdAndASuccessEndsIt(VertxTestContext ctx) {
    LockoutPolicy policy = new LockoutPolicy(2, 10, 25);
    String key = "locked@example.org";
    repository.recordLoginFailure(key, policy, l -> Effects.none())
        .compose(first -> repository.lockedForSeconds(key).map(locked -> {
          ctx.verify(() -> {
            assertThat(first).isEqualTo(new Lockout(1, 0));
            assertThat(locked).isEmpty();
          });
          return locked;
        }))
        .compose(v -> repository.recordLoginFailure(key, policy, l -> Effects.none()))
        .compose(second -> repository.recordLoginFailure(key, policy, l -> Effects.none()).map(third -> List.of(second,
            third)))
        .compose(pair -> repository.recordLoginFailure(key, policy, l -> Effects.none()).map(fourth -> {
          ctx.verify(() -> {
            assertThat(pair.get(0)).isEqualTo(new Lockout(2, 10));
            assertThat(pair.get(1)).isEqualTo(new Lockout(3, 20));
            assertThat(fourth).as("capped").isEqualTo(new Lockout(4, 25));
          });
          return fourth;
        }))
        .compose(v -> repository.lockedForSeconds(key))
        .compose(locked -> {
          ctx.verify(() -> assertThat(locked).hasValueSatisfying(s -> assertThat(s).isBetween(20L, 25L)));
          return create(user(key));
        })
        .compose(u -> repository.recordLoginSuccess(u.id(), key, new NewSession(UUID.randomUUID(), u.id(),
            token(hash(1))), Optional.empty(), x -> Effects.none()))
        .compose(v -> repository.lockedForSeconds(key))
        .compose(afterSuccess -> repository.recordLoginFailure(key, policy, l -> Effects.none()).map(again -> {
          ctx.verify(() -> {
            assertThat(afterSuccess).isEmpty();
            assertThat(again.failures()).as("a success ends the streak").isEqualTo(1);
          });
          return again;
        }))
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void lockoutIsPerEmail(VertxTestContext ctx) {
    LockoutPolicy policy = new LockoutPolicy(1, 30, 60);
    repository.recordLoginFailure("a@example.org", policy, l -> Effects.none())
        .compose(v -> Future.all(repository.lockedForSeconds("a@example.org"), repository.lockedForSeconds("b@example.org")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<Optional<Long>>resultAt(0)).isPresent();
          assertThat(all.<Optional<Long>>resultAt(1)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void loginSuccessStampsTheLoginAndRehashesOnlyFromTheExpectedHash(VertxTestContext ctx) {
    create(user("rehash@example.org"))
        .compose(u -> repository.recordLoginSuccess(u.id(), u.email(), new NewSession(UUID.randomUUID(), u.id(),
                token(hash(2))), Optional.of(new UserRepository.Rehash("stale", "should-not-win")), x -> Effects.none())
            .compose(first -> repository.recordLoginSuccess(u.id(), u.email(), new NewSession(UUID.randomUUID(), u.id(),
                token(hash(3))), Optional.of(new UserRepository.Rehash(HASH, "rehashed")), x -> Effects.none())
                .map(second -> List.of(first.orElseThrow(), second.orElseThrow()))))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(0).passwordHash()).isEqualTo(HASH);
          assertThat(pair.get(0).lastLoginAt()).isNotNull();
          assertThat(pair.get(1).passwordHash()).isEqualTo("rehashed");
          ctx.completeNow();
        })));
  }

  @Test
  void loginSuccessOfADisabledUserIsEmptyAndStoresNoSession(VertxTestContext ctx) {
    byte[] tokenHash = hash(4);
    create(user("off@example.org"))
        .compose(u -> repository.update(u.id(), UserPatch.none().withStatus(User.Status.DISABLED), x -> Effects.none()))
        .compose(update -> repository.recordLoginSuccess(update.after().id(), "off@example.org", new NewSession(
            UUID.randomUUID(), update.after().id(), token(tokenHash)), Optional.empty(), x -> Effects.none())
            .compose(result -> repository.liveSessionOf(update.after().id(), tokenHash).map(live -> {
              ctx.verify(() -> {
                assertThat(result).isEmpty();
                assertThat(live).isEmpty();
              });
              return live;
            })))
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void statsCountUsersSignUpsPerDayActiveUsersAndLogins(VertxTestContext ctx) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    create(user("s1@example.org"))
        .compose(a -> create(new NewUser("s2@example.org", "Boss", HASH, User.ADMIN_ROLES)))
        .compose(b -> create(user("s3@example.org")))
        .compose(c -> repository.update(c.id(), UserPatch.none().withStatus(User.Status.DISABLED), x -> Effects.none()))
        .compose(v -> repository.findByEmail("s1@example.org"))
        .compose(a -> repository.recordLoginSuccess(a.orElseThrow().id(), "s1@example.org", new NewSession(
            UUID.randomUUID(), a.orElseThrow().id(), token(hash(5))), Optional.empty(),
            u -> Effects.audit(audit(AuditAction.LOGIN_SUCCESS, u.id()))))
        .compose(v -> repository.recordLoginFailure("nobody@example.org", new LockoutPolicy(5, 1, 1),
            l -> Effects.audit(audit(AuditAction.LOGIN_FAILURE, null))))
        .compose(v -> repository.recordLoginFailure("nobody@example.org", new LockoutPolicy(5, 1, 1),
            l -> Effects.audit(audit(AuditAction.LOGIN_FAILURE, null))))
        .compose(v -> repository.stats(today.minusDays(2), today))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(stats.users()).isEqualTo(3);
          assertThat(stats.active()).isEqualTo(2);
          assertThat(stats.disabled()).isEqualTo(1);
          assertThat(stats.admins()).isEqualTo(1);
          assertThat(stats.signUpsPerDay()).containsExactly(new UserStats.DailyCount(today.minusDays(2), 0),
              new UserStats.DailyCount(today.minusDays(1), 0), new UserStats.DailyCount(today, 3));
          assertThat(stats.activeLast24Hours()).isEqualTo(1);
          assertThat(stats.activeLast7Days()).isEqualTo(1);
          assertThat(stats.loginsSucceeded()).isEqualTo(1);
          assertThat(stats.loginsFailed()).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void statsOfAPastRangeCountNothingFromToday(VertxTestContext ctx) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    create(user("past@example.org"))
        .compose(v -> repository.stats(today.minusDays(10), today.minusDays(5)))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(stats.signUpsPerDay()).hasSize(6).allSatisfy(d -> assertThat(d.count()).isZero());
          assertThat(stats.users()).as("totals are of now").isEqualTo(1);
          assertThat(stats.loginsSucceeded()).isZero();
          ctx.completeNow();
        })));
  }
}
