package io.emporium.user;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.outbox.Polling;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The user verticle on a real local bus: actions are wired and the instance announces itself. */
@ExtendWith(VertxExtension.class)
class UserVerticleTest {

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  @Test
  void healthReportsTheMemoryStore(Vertx vertx, VertxTestContext ctx) {
    UserBus.start(vertx)
        .compose(bus -> bus.call(UserAction.HEALTH, new JsonObject()).map(health -> {
          ctx.verify(() -> assertThat(bus.registry.published).extracting(ServiceInstance::service)
              .containsExactly(ServiceName.USER));
          return health;
        }))
        .onComplete(ctx.succeeding(health -> ctx.verify(() -> {
          assertThat(health.getString("status")).isEqualTo("UP");
          assertThat(health.getString("store")).isEqualTo("memory");
          assertThat(health.getString("database")).isEqualTo("UP");
          assertThat(health.getString("instanceId")).isNotBlank();
          ctx.completeNow();
        })));
  }

  @Test
  void getOverTheBusAnswersThePublicUser(Vertx vertx, VertxTestContext ctx) {
    UserBus.start(vertx)
        .compose(bus -> bus.repository().create(new NewUser("bus@example.org", "Bus", "hash!", Set.of(User.ROLE_USER)),
                u -> Effects.none())
            .compose(user -> bus.call(UserAction.GET, new JsonObject().put("id", user.id().toString()))))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getString("email")).isEqualTo("bus@example.org");
          assertThat(reply.containsKey("passwordHash")).isFalse();
          assertThat(reply.encode()).doesNotContain("hash!");
          ctx.completeNow();
        })));
  }

  @Test
  void getWithAMalformedIdOverTheBusIsAValidationErrorOnFieldId(Vertx vertx, VertxTestContext ctx) {
    UserBus.start(vertx)
        .compose(bus -> bus.call(UserAction.GET, new JsonObject().put("id", "not-a-uuid")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          ServiceError error = ServiceError.from(e);
          assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(error.field()).isEqualTo("id");
          ctx.completeNow();
        })));
  }

  @Test
  void everyUserActionIsWired(Vertx vertx, VertxTestContext ctx) {
    UserBus.start(vertx)
        .compose(bus -> io.vertx.core.Future.join(java.util.Arrays.stream(UserAction.values())
            .map(action -> bus.call(action, new JsonObject().put("unexpected", true))
                .transform(outcome -> io.vertx.core.Future.succeededFuture(outcome.succeeded() ? null
                    : ServiceError.from(outcome.cause()))))
            .toList()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < all.size(); i++) {
            ServiceError error = all.resultAt(i);
            if (error != null) {
              assertThat(error.message()).as(UserAction.values()[i].wireName()).doesNotContain("unknown or missing action");
              assertThat(error.code()).as(UserAction.values()[i].wireName()).isNotEqualTo(ErrorCode.INTERNAL);
            }
          }
          ctx.completeNow();
        })));
  }

  @Test
  void stoppingWithdrawsTheDiscoveryRecord(Vertx vertx, VertxTestContext ctx) {
    UserBus.start(vertx)
        .compose(bus -> vertx.undeploy(bus.verticleId).map(bus))
        .onComplete(ctx.succeeding(bus -> ctx.verify(() -> {
          assertThat(bus.registry.published).hasSize(1);
          assertThat(bus.registry.unpublished).isEqualTo(bus.registry.published);
          ctx.completeNow();
        })));
  }
}
