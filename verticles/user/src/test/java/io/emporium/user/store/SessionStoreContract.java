package io.emporium.user.store;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.audit.Effects;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.SessionEnd;
import io.emporium.user.domain.SessionRevocation;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserUpdate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every repository must do with sessions: rotation, reuse detection, logout, revocation. */
abstract class SessionStoreContract extends RepositoryContract {

  /** A user with one session whose first refresh token has the hash {@code hash(seed)}. */
  private Future<User> signedIn(String email, int seed) {
    return create(user(email)).compose(u -> repository.recordLoginSuccess(u.id(), u.email(),
        new NewSession(UUID.randomUUID(), u.id(), token(hash(seed))), Optional.empty(), x -> Effects.none()))
        .map(Optional::orElseThrow);
  }

  private Future<RotationOutcome> rotate(int presented, int next) {
    return repository.rotate(hash(presented), token(hash(next)), o -> Effects.none());
  }

  @Test
  void currentTokenRotatesIntoTheSameSessionAndStopsWorking(VertxTestContext ctx) {
    signedIn("rot@example.org", 1)
        .compose(u -> repository.liveSessionOf(u.id(), hash(1)).compose(session -> rotate(1, 2)
            .compose(outcome -> repository.liveSessionOf(u.id(), hash(1))
                .compose(oldLive -> repository.liveSessionOf(u.id(), hash(2))
                    .map(newLive -> List.of(session, outcome, oldLive, newLive))))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          UUID session = ((Optional<?>) list.get(0)).map(UUID.class::cast).orElseThrow();
          assertThat(list.get(1)).isInstanceOfSatisfying(RotationOutcome.Rotated.class, rotated -> {
            assertThat(rotated.sessionId()).isEqualTo(session);
            assertThat(rotated.user().email()).isEqualTo("rot@example.org");
          });
          assertThat((Optional<?>) list.get(2)).isEmpty();
          assertThat(list.get(3)).isEqualTo(Optional.of(session));
          ctx.completeNow();
        })));
  }

  @Test
  void reusingARotatedTokenRevokesTheWholeSession(VertxTestContext ctx) {
    signedIn("reuse@example.org", 1)
        .compose(u -> rotate(1, 2)
            .compose(first -> rotate(1, 3))
            .compose(reuse -> rotate(2, 4).map(afterReuse -> List.of(reuse, afterReuse))))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(0)).isInstanceOfSatisfying(RotationOutcome.Reused.class,
              reused -> assertThat(reused.revokedTokens()).isEqualTo(2));
          assertThat(pair.get(1)).as("the thief's and the owner's newest token die alike")
              .isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED));
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentRotationsOfOneTokenLetExactlyOneWin(VertxTestContext ctx) {
    signedIn("race@example.org", 1)
        .compose(u -> Future.join(IntStream.range(0, 8).mapToObj(i -> rotate(1, 100 + i)).toList()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<RotationOutcome> outcomes = IntStream.range(0, 8).mapToObj(all::<RotationOutcome>resultAt).toList();
          assertThat(outcomes).filteredOn(o -> o instanceof RotationOutcome.Rotated).hasSize(1);
          assertThat(outcomes).filteredOn(o -> o instanceof RotationOutcome.Reused).hasSize(7);
          ctx.completeNow();
        })));
  }

  @Test
  void unknownTokenIsRejectedAndChangesNothing(VertxTestContext ctx) {
    rotate(99, 100).onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
      assertThat(outcome).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.UNKNOWN));
      ctx.completeNow();
    })));
  }

  @Test
  void expiredTokenIsRejected(Vertx vertx, VertxTestContext ctx) {
    create(user("expiring@example.org"))
        .compose(u -> repository.recordLoginSuccess(u.id(), u.email(), new NewSession(UUID.randomUUID(), u.id(),
            new NewToken(UUID.randomUUID(), hash(1), 1, Optional.empty(), Optional.empty())), Optional.empty(),
            x -> Effects.none()))
        .compose(user -> io.emporium.platform.outbox.Polling.until(vertx,
            () -> repository.liveSessionOf(user.orElseThrow().id(), hash(1)), Optional::isEmpty, 5_000))
        .compose(expired -> rotate(1, 2))
        .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
          assertThat(outcome).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.EXPIRED));
          ctx.completeNow();
        })));
  }

  @Test
  void tokenOfADisabledUserIsRejected(VertxTestContext ctx) {
    signedIn("disabled@example.org", 1)
        .compose(u -> repository.update(u.id(), UserPatch.none().withStatus(User.Status.DISABLED), x -> Effects.none()))
        .compose(update -> rotate(1, 2))
        .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
          assertThat(outcome).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.USER_INACTIVE));
          ctx.completeNow();
        })));
  }

  @Test
  void endingASessionRevokesItAndSaysWhetherItWasLive(VertxTestContext ctx) {
    signedIn("logout@example.org", 1)
        .compose(u -> rotate(1, 2).map(u))
        .compose(u -> repository.endSession(hash(1), e -> Effects.none())
            .compose(first -> repository.endSession(hash(2), e -> Effects.none()).map(second -> List.of(first, second)))
            .compose(ends -> rotate(2, 3).map(after -> List.of(ends.get(0), ends.get(1), Optional.of(after), u))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          SessionEnd first = ((Optional<?>) list.get(0)).map(SessionEnd.class::cast).orElseThrow();
          SessionEnd second = ((Optional<?>) list.get(1)).map(SessionEnd.class::cast).orElseThrow();
          assertThat(first.wasLive()).as("a rotated token still names its live session").isTrue();
          assertThat(first.userId()).isEqualTo(((User) list.get(3)).id());
          assertThat(second.wasLive()).isFalse();
          assertThat(second.sessionId()).isEqualTo(first.sessionId());
          assertThat(((Optional<?>) list.get(2)).orElseThrow())
              .isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED));
          ctx.completeNow();
        })));
  }

  @Test
  void endingAnUnknownTokenIsEmpty(VertxTestContext ctx) {
    repository.endSession(hash(42), e -> Effects.none()).onComplete(ctx.succeeding(end -> ctx.verify(() -> {
      assertThat(end).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  void revokingAllButOneSessionCountsTheLiveOnesItRevoked(VertxTestContext ctx) {
    signedIn("many@example.org", 1)
        .compose(u -> repository.recordLoginSuccess(u.id(), u.email(), new NewSession(UUID.randomUUID(), u.id(),
                token(hash(2))), Optional.empty(), x -> Effects.none())
            .compose(v -> repository.recordLoginSuccess(u.id(), u.email(), new NewSession(UUID.randomUUID(), u.id(),
                token(hash(3))), Optional.empty(), x -> Effects.none()))
            .compose(v -> rotate(3, 4))
            .compose(v -> repository.liveSessionOf(u.id(), hash(4)))
            .compose(keep -> repository.update(u.id(), UserPatch.none().revoking(SessionRevocation.allExcept(keep,
                "test")), x -> Effects.none())))
        .compose(update -> Future.all(rotate(1, 10), rotate(2, 11), rotate(4, 12)).map(all -> List.<Object>of(update,
            all.resultAt(0), all.resultAt(1), all.resultAt(2))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(((UserUpdate) list.get(0)).revokedSessions()).isEqualTo(2);
          assertThat(list.get(1)).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED));
          assertThat(list.get(2)).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED));
          assertThat(list.get(3)).isInstanceOf(RotationOutcome.Rotated.class);
          ctx.completeNow();
        })));
  }

  @Test
  void liveSessionOfAnotherUsersTokenIsEmpty(VertxTestContext ctx) {
    signedIn("owner@example.org", 1)
        .compose(owner -> create(user("other@example.org")))
        .compose(other -> repository.liveSessionOf(other.id(), hash(1)))
        .onComplete(ctx.succeeding(session -> ctx.verify(() -> {
          assertThat(session).isEmpty();
          ctx.completeNow();
        })));
  }
}
