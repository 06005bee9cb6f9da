package io.emporium.user;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.outbox.Polling;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.store.InMemoryUserRepository;
import io.emporium.user.store.Stores;
import io.emporium.user.store.UserQuery;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bootstrap admin: made at module start, idempotent across restarts and concurrent starts, on both stores. */
@ExtendWith(VertxExtension.class)
class AdminBootstrapTest {

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  private static Future<Page<AuditRecord<AuditAction>>> bootstrapAudit(UserRepository repository) {
    return repository.audit(new AuditQuery<>(1, 10, Optional.empty(), Optional.of(AuditAction.ADMIN_BOOTSTRAP),
        Optional.empty(), Optional.empty(), Optional.empty()));
  }

  private static Future<Void> restartsAreIdempotent(Vertx vertx, UserRepository repository, VertxTestContext ctx) {
    EmporiumConfig config = UserBus.config(Map.of());
    return UserModule.start(vertx, config, repository)
        .compose(first -> first.close())
        .compose(v -> Future.all(UserModule.start(vertx, config, repository), UserModule.start(vertx, config, repository)))
        .compose(v -> repository.findByEmail(UserBus.ADMIN_EMAIL).compose(admin -> bootstrapAudit(repository)
            .compose(audit -> repository.list(new UserQuery(1, 10, Optional.empty(), Optional.empty()))
                .map(all -> List.of(admin, audit, all)))))
        .map(list -> {
          ctx.verify(() -> {
            User admin = ((Optional<?>) list.get(0)).map(User.class::cast).orElseThrow();
            assertThat(admin.roles()).containsExactlyInAnyOrder("admin", "user");
            assertThat(admin.isActive()).isTrue();
            assertThat(((Page<?>) list.get(1)).total()).as("written once, then found in place").isEqualTo(1);
            assertThat(((Page<?>) list.get(2)).total()).isEqualTo(1);
          });
          return null;
        });
  }

  @Test
  void bootstrapAdminIsCreatedOnceInMemory(Vertx vertx, VertxTestContext ctx) {
    restartsAreIdempotent(vertx, new InMemoryUserRepository(), ctx).onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void bootstrapAdminIsCreatedOnceInPostgres(Vertx vertx, VertxTestContext ctx) {
    Stores.postgres(vertx).compose(repository -> restartsAreIdempotent(vertx, repository, ctx))
        .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void anExistingAccountOfThatEmailBecomesAnActiveAdminWithThatPassword(Vertx vertx, VertxTestContext ctx) {
    InMemoryUserRepository repository = new InMemoryUserRepository();
    repository.create(new NewUser(UserBus.ADMIN_EMAIL, "Squatter", "old-hash", Set.of(User.ROLE_USER)),
            u -> Effects.none())
        .compose(u -> repository.update(u.id(), UserPatch.none().withStatus(User.Status.DISABLED), x -> Effects.none()))
        .compose(v -> UserBus.start(vertx, UserBus.config(Map.of()), repository))
        .compose(bus -> bus.admin())
        .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
          assertThat(login.getJsonObject("user").getJsonArray("roles")).containsExactly("admin", "user");
          assertThat(login.getJsonObject("user").getString("name")).isEqualTo("Squatter");
          ctx.completeNow();
        })));
  }

  @Test
  void aWeakBootstrapPasswordStopsTheStart(Vertx vertx, VertxTestContext ctx) {
    UserModule.start(vertx, UserBus.config(Map.of(ConfigKey.ADMIN_PASSWORD, "admin")), new InMemoryUserRepository())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessageContaining("bootstrap admin refused").hasMessageContaining("EMPORIUM_ADMIN_PASSWORD");
          ctx.completeNow();
        })));
  }

  @Test
  void withoutAdminConfigurationNoAccountIsMade(Vertx vertx, VertxTestContext ctx) {
    InMemoryUserRepository repository = new InMemoryUserRepository();
    UserModule.start(vertx, UserBus.config(Map.of(ConfigKey.ADMIN_EMAIL, "", ConfigKey.ADMIN_PASSWORD, "")), repository)
        .compose(module -> repository.list(new UserQuery(1, 10, Optional.empty(), Optional.empty())))
        .onComplete(ctx.succeeding(users -> ctx.verify(() -> {
          assertThat(users.total()).isZero();
          ctx.completeNow();
        })));
  }
}
