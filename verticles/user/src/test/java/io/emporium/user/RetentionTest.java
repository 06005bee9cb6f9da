package io.emporium.user;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.audit.Effects;
import io.emporium.platform.outbox.Polling;
import io.emporium.platform.retention.RetentionSweep;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.User;
import io.emporium.user.store.InMemoryUserRepository;
import io.emporium.user.store.RepositoryContract;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The user service's sweep: which cutoffs it asks the store for (what the store does with them: the contract). */
@ExtendWith(VertxExtension.class)
class RetentionTest {
  private static final String TOKENS = "expired refresh token(s)";
  private static final String STREAKS = "finished login-throttle streak(s)";
  private static final String AUDIT = "audit entr(y/ies)";

  private final InMemoryUserRepository repository = new InMemoryUserRepository();

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  /** A user whose only refresh token expires in a second; answers once it has expired. */
  private Future<User> withAnExpiredToken(Vertx vertx, int seed) {
    NewToken token = new NewToken(UUID.randomUUID(), RepositoryContract.hash(seed), 1, Optional.empty(),
        Optional.empty());
    return repository.create(RepositoryContract.user("u" + seed + "@example.org"), u -> Effects.none())
        .compose(u -> repository.recordLoginSuccess(u.id(), u.email(), new NewSession(UUID.randomUUID(), u.id(), token),
            Optional.empty(), x -> Effects.none()))
        .map(Optional::orElseThrow)
        .compose(u -> Polling.until(vertx, () -> repository.liveSessionOf(u.id(), token.tokenHash()),
            Optional::isEmpty, 5_000).map(u));
  }

  private static Future<Map<String, Long>> sweep(Vertx vertx, RetentionSweep sweep) {
    Promise<Map<String, Long>> done = Promise.promise();
    vertx.runOnContext(v -> sweep.run().onComplete(done));
    return done.future();
  }

  @Test
  void aStreakWithinItsWindowAndATokenWithinItsRetentionSurviveTheSweep(Vertx vertx, VertxTestContext ctx) {
    LockoutPolicy policy = new LockoutPolicy(5, 1, 1);
    repository.recordLoginFailure("streak@example.org", policy, l -> Effects.none())
        .compose(first -> withAnExpiredToken(vertx, 1))
        .compose(u -> sweep(vertx, Retention.sweep(vertx, repository, Duration.ofHours(1), Duration.ofHours(1), 1_000)))
        .compose(kept -> {
          ctx.verify(() -> assertThat(kept).containsExactly(Map.entry(TOKENS, 0L), Map.entry(STREAKS, 0L), Map.entry(AUDIT, 0L)));
          return sweep(vertx, Retention.sweep(vertx, repository, Duration.ZERO, Duration.ofHours(1), 1_000));
        })
        .compose(noRetention -> {
          ctx.verify(() -> assertThat(noRetention).as("the streak window is not the token retention")
              .containsExactly(Map.entry(TOKENS, 1L), Map.entry(STREAKS, 0L), Map.entry(AUDIT, 0L)));
          return repository.recordLoginFailure("streak@example.org", policy, l -> Effects.none());
        })
        .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
          assertThat(second.failures()).as("the streak went on").isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void deployedItSweepsByItself(Vertx vertx, VertxTestContext ctx) {
    Retention retention = new Retention(repository, Duration.ZERO, Duration.ofHours(1), 100, 1_000);
    withAnExpiredToken(vertx, 7)
        .compose(u -> vertx.deployVerticle(retention))
        .compose(id -> Polling.until(vertx,
            () -> repository.rotate(RepositoryContract.hash(7), RepositoryContract.token(RepositoryContract.hash(8)),
                o -> Effects.none()),
            outcome -> outcome.equals(new RotationOutcome.Rejected(RotationOutcome.Reason.UNKNOWN)), 5_000))
        .onComplete(ctx.succeeding(gone -> ctx.completeNow()));
  }
}
