package io.emporium.user.store;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Erasure;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The right to erasure, on every store: an account's personal data goes (email, name, preferences,
 * password, sessions, its failed-login streak) and its audit entries keep what happened, by id, without
 * the client address, user agent or email; entries of other people are left alone.
 */
abstract class ErasureContract extends RepositoryContract {
  private static final LockoutPolicy POLICY = new LockoutPolicy(3, 3_600, 3_600);

  private static AuditEntry<AuditAction> entry(AuditAction action, Optional<UUID> actor, Optional<UUID> target,
      JsonObject details) {
    return new AuditEntry<>(actor, action, target, Optional.of("203.0.113.7"), Optional.of("test-agent/1.0"),
        Optional.of("req-1"), AuditEntry.Outcome.SUCCESS, details);
  }

  @Test
  void anErasedAccountKeepsItsIdAndNothingThatNamesItsPerson(VertxTestContext ctx) {
    String email = "ada-" + UUID.randomUUID() + "@example.org";
    UUID someoneElse = UUID.randomUUID();
    create(user(email))
        .compose(ada -> repository.recordLoginSuccess(ada.id(), ada.email(),
            new NewSession(UUID.randomUUID(), ada.id(), token(hash(41))), Optional.empty(), x -> Effects.none())
            .compose(v -> repository.appendAudit(entry(AuditAction.REGISTER, Optional.of(ada.id()),
                Optional.of(ada.id()), new JsonObject().put("email", email))))
            // a failed login for the email, before anyone knew the account (no target), and one of someone else
            .compose(v -> repository.recordLoginFailure(email, POLICY, l -> Effects.audit(entry(
                AuditAction.LOGIN_FAILURE, Optional.empty(), Optional.empty(), new JsonObject().put("email", email)
                    .put("reason", "wrong_password")))))
            .compose(v -> repository.appendAudit(entry(AuditAction.LOGIN_SUCCESS, Optional.of(someoneElse),
                Optional.of(someoneElse), new JsonObject().put("email", "bob@example.org"))))
            .compose(v -> repository.erase(ada.id(), erasure -> Effects.audit(entry(AuditAction.USER_ERASE,
                Optional.of(someoneElse), Optional.of(ada.id()), new JsonObject()))))
            .compose(erasure -> {
              ctx.verify(() -> {
                assertThat(erasure.sessionsDeleted()).isEqualTo(1);
                assertThat(erasure.auditEntriesPseudonymised()).as("registration and failed login").isEqualTo(2);
                assertThat(erasure.user().email()).isEqualTo(Erasure.erasedEmail(ada.id()));
              });
              return Future.all(repository.findById(ada.id()), repository.findByEmail(email),
                  repository.liveSessionOf(ada.id(), hash(41)), repository.lockedForSeconds(email),
                  repository.audit(new AuditQuery<>(1, 100, Optional.empty(), Optional.empty(), Optional.empty(),
                      Optional.empty(), Optional.empty())));
            })
            .map(all -> {
              ctx.verify(() -> {
                User erased = all.<Optional<User>>resultAt(0).orElseThrow();
                assertThat(erased.id()).isEqualTo(ada.id());
                assertThat(erased.name()).isEqualTo(Erasure.ERASED_NAME);
                assertThat(erased.passwordHash()).isNull();
                assertThat(erased.status()).isEqualTo(User.Status.DISABLED);
                assertThat(erased.preferences().isEmpty()).isTrue();
                assertThat(all.<Optional<User>>resultAt(1)).as("found by the former email").isEmpty();
                assertThat(all.<Optional<UUID>>resultAt(2)).as("a session").isEmpty();
                Page<AuditRecord<AuditAction>> audit = all.resultAt(4);
                assertThat(audit.items()).hasSize(4);
                String everything = audit.items().stream().map(r -> r.toJson().encode()).reduce("", String::concat);
                assertThat(everything).doesNotContain(email);
                assertThat(audit.items()).filteredOn(r -> r.entry().action() == AuditAction.REGISTER
                        || r.entry().action() == AuditAction.LOGIN_FAILURE).hasSize(2).allSatisfy(r -> {
                          assertThat(r.entry().clientIp()).isEmpty();
                          assertThat(r.entry().userAgent()).isEmpty();
                        });
                assertThat(audit.items()).filteredOn(r -> r.entry().action() == AuditAction.LOGIN_SUCCESS)
                    .singleElement().satisfies(r -> {
                      assertThat(r.entry().clientIp()).as("someone else's entry").contains("203.0.113.7");
                      assertThat(r.entry().details().getString("email")).isEqualTo("bob@example.org");
                    });
              });
              return null;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anUnknownAccountIsNotFound(VertxTestContext ctx) {
    repository.erase(UUID.randomUUID(), e -> Effects.none()).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(e).isInstanceOf(ServiceException.class);
      assertThat(((ServiceException) e).error().code()).isEqualTo(ErrorCode.NOT_FOUND);
      ctx.completeNow();
    })));
  }
}
