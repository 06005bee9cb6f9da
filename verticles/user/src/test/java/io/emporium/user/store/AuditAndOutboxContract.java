package io.emporium.user.store;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.outbox.OutboxStats;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.SessionRevocation;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserUpdate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit log and the outbox are written in the transaction of the change they record: both
 * exist exactly when the change does.
 */
abstract class AuditAndOutboxContract extends RepositoryContract {

  private Future<Page<AuditRecord<AuditAction>>> allAudit() {
    return repository.audit(new AuditQuery<>(1, 100, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty()));
  }

  private static Effects<AuditAction> registered(User u) {
    return Effects.of(audit(AuditAction.REGISTER, u.id()), OutboxEvent.of("user.registered",
        new JsonObject().put("userId", u.id().toString())));
  }

  @Test
  void aChangeWritesItsAuditEntryAndItsEvent(VertxTestContext ctx) {
    create(user("first@example.org"))
        .compose(ignored -> repository.create(user("audited@example.org"), AuditAndOutboxContract::registered))
        .compose(u -> allAudit().compose(audit -> repository.outbox().claim("t", 10, 60_000)
            .map(events -> List.of(u, audit, events))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          User u = (User) list.get(0);
          Page<?> audit = (Page<?>) list.get(1);
          List<?> events = (List<?>) list.get(2);
          assertThat(audit.total()).isEqualTo(1);
          AuditRecord<?> record = (AuditRecord<?>) audit.items().get(0);
          assertThat(record.entry().action()).isEqualTo(AuditAction.REGISTER);
          assertThat(record.entry().targetUuid()).contains(u.id());
          assertThat(record.entry().clientIp()).contains("203.0.113.7");
          assertThat(record.entry().userAgent()).contains("test-agent/1.0");
          assertThat(record.entry().requestId()).contains("req-1");
          assertThat(record.entry().details()).isEqualTo(new JsonObject().put("k", "v"));
          assertThat(record.at()).isBeforeOrEqualTo(Instant.now());
          assertThat(events).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aFailedChangeLeavesNoAuditEntryAndNoEvent(VertxTestContext ctx) {
    create(user("taken@example.org"))
        .compose(first -> repository.create(user("TAKEN@example.org"), AuditAndOutboxContract::registered))
        .transform(conflict -> {
          ctx.verify(() -> assertCode(conflict.cause(), ErrorCode.CONFLICT));
          return repository.update(UUID.randomUUID(), UserPatch.none().withName("x"),
              u -> Effects.of(audit(AuditAction.PROFILE_UPDATE, null), OutboxEvent.of("user.x", new JsonObject())));
        })
        .transform(notFound -> {
          ctx.verify(() -> assertCode(notFound.cause(), ErrorCode.NOT_FOUND));
          return allAudit().compose(audit -> repository.outbox().stats().map(stats -> List.of(audit, stats)));
        })
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(((Page<?>) list.get(0)).total()).isZero();
          assertThat((OutboxStats) list.get(1)).isEqualTo(new OutboxStats(0, 0, 0, 0, 0));
          ctx.completeNow();
        })));
  }

  @Test
  void effectsThatCannotBeBuiltUndoTheChange(VertxTestContext ctx) {
    repository.create(user("undone@example.org"), u -> {
          throw new IllegalStateException("the effects could not be built");
        })
        .transform(failed -> {
          ctx.verify(() -> assertThat(failed.failed()).isTrue());
          return repository.findByEmail("undone@example.org");
        })
        .compose(found -> allAudit().map(audit -> List.of(found, audit)))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat((Optional<?>) list.get(0)).isEmpty();
          assertThat(((Page<?>) list.get(1)).total()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void reuseOfARotatedTokenRecordsItsAuditEntryWithTheRevocation(VertxTestContext ctx) {
    create(user("reuse@example.org"))
        .compose(u -> repository.recordLoginSuccess(u.id(), u.email(), new NewSession(UUID.randomUUID(), u.id(),
            token(hash(1))), Optional.empty(), x -> Effects.none()))
        .compose(v -> repository.rotate(hash(1), token(hash(2)), o -> Effects.none()))
        .compose(v -> repository.rotate(hash(1), token(hash(3)), o -> o instanceof RotationOutcome.Reused r
            ? Effects.audit(audit(AuditAction.REFRESH_REUSE, r.userId())) : Effects.none()))
        .compose(v -> repository.audit(new AuditQuery<>(1, 10, Optional.empty(), Optional.of(AuditAction.REFRESH_REUSE),
            Optional.empty(), Optional.empty(), Optional.empty())))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.total()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aFailedLoginIsAuditedWithItsLockout(VertxTestContext ctx) {
    repository.recordLoginFailure("who@example.org", new LockoutPolicy(1, 5, 5),
            l -> Effects.audit(new AuditEntry<>(Optional.empty(), AuditAction.LOGIN_FAILURE, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), AuditEntry.Outcome.FAILURE,
                new JsonObject().put("lockedSeconds", l.lockedSeconds()))))
        .compose(v -> allAudit())
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          AuditEntry<AuditAction> entry = page.items().get(0).entry();
          assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.FAILURE);
          assertThat(entry.details().getLong("lockedSeconds")).isEqualTo(5);
          assertThat(entry.actorId()).isEmpty();
          assertThat(entry.clientIp()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void auditIsListedNewestFirstWithFiltersAndPages(VertxTestContext ctx) {
    UUID actor = UUID.randomUUID();
    UUID target = UUID.randomUUID();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      int n = i;
      chain = chain.compose(v -> repository.appendAudit(new AuditEntry<>(Optional.of(actor),
          n % 2 == 0 ? AuditAction.ROLE_CHANGE : AuditAction.USER_DISABLE, Optional.of(n < 3 ? target : actor),
          Optional.empty(), Optional.empty(), Optional.empty(), AuditEntry.Outcome.SUCCESS,
          new JsonObject().put("n", n))));
    }
    Instant before = Instant.now().minusSeconds(60);
    chain.compose(v -> Future.all(List.of(
            repository.audit(new AuditQuery<>(1, 2, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty())),
            repository.audit(new AuditQuery<>(1, 10, Optional.of(actor), Optional.of(AuditAction.ROLE_CHANGE),
                Optional.empty(), Optional.empty(), Optional.empty())),
            repository.audit(new AuditQuery<>(1, 10, Optional.empty(), Optional.empty(), Optional.of(target),
                Optional.of(before), Optional.of(Instant.now().plusSeconds(60)))),
            repository.audit(new AuditQuery<>(1, 10, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(before))),
            repository.audit(new AuditQuery<>(3, 2, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty())))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Page<AuditRecord<AuditAction>> newest = all.resultAt(0);
          assertThat(newest.items()).extracting(r -> r.entry().details().getInteger("n")).containsExactly(4, 3);
          assertThat(newest.total()).isEqualTo(5);
          assertThat(all.<Page<AuditRecord<AuditAction>>>resultAt(1).items())
              .extracting(r -> r.entry().details().getInteger("n"))
              .containsExactly(4, 2, 0);
          assertThat(all.<Page<AuditRecord<AuditAction>>>resultAt(2).total()).isEqualTo(3);
          assertThat(all.<Page<AuditRecord<AuditAction>>>resultAt(3).total()).isZero();
          assertThat(all.<Page<AuditRecord<AuditAction>>>resultAt(4).items())
              .extracting(r -> r.entry().details().getInteger("n"))
              .containsExactly(0);
          assertThat(newest.items().get(0).toJson().fieldNames()).containsExactlyInAnyOrder("id", "at", "actorId",
              "action", "targetId", "ip", "userAgent", "requestId", "outcome", "details");
          ctx.completeNow();
        })));
  }

  @Test
  void disablingWithRevocationWritesAuditAndEventWithTheCount(VertxTestContext ctx) {
    create(user("off@example.org"))
        .compose(u -> repository.recordLoginSuccess(u.id(), u.email(), new NewSession(UUID.randomUUID(), u.id(),
            token(hash(1))), Optional.empty(), x -> Effects.none()).map(u))
        .compose(u -> repository.update(u.id(), UserPatch.none().withStatus(User.Status.DISABLED)
            .revoking(SessionRevocation.all("disabled")), update -> Effects.of(
                audit(AuditAction.USER_DISABLE, u.id()).withDetails(new JsonObject().put("revoked",
                    update.revokedSessions())),
                OutboxEvent.of("user.disabled", new JsonObject().put("userId", u.id().toString())))))
        .compose(update -> allAudit().compose(audit -> repository.outbox().stats().map(stats -> List.of(update, audit,
            stats))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(((UserUpdate) list.get(0)).revokedSessions()).isEqualTo(1);
          AuditRecord<?> record = (AuditRecord<?>) ((Page<?>) list.get(1)).items().get(0);
          assertThat(record.entry().details().getInteger("revoked")).isEqualTo(1);
          assertThat(((OutboxStats) list.get(2)).pending()).isEqualTo(1);
          ctx.completeNow();
        })));
  }
}
