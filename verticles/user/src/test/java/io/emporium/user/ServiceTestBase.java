package io.emporium.user;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.outbox.Polling;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Service tests: the whole user service on a local bus over the in-memory store, called like the gateway calls it. */
@ExtendWith(VertxExtension.class)
abstract class ServiceTestBase {
  UserBus bus;

  @BeforeEach
  void startTheService(Vertx vertx, VertxTestContext ctx) {
    UserBus.start(vertx).onComplete(ctx.succeeding(b -> {
      bus = b;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  static String userId(JsonObject loginReply) {
    return loginReply.getJsonObject("user").getString("id");
  }

  /** Completes the test when the call failed with this code (and field, when given). */
  static <T> void expectError(VertxTestContext ctx, Future<T> call, ErrorCode code, String field) {
    call.onComplete(ctx.failing(e -> ctx.verify(() -> {
      ServiceError error = ServiceError.from(e);
      assertThat(error.code()).as(error.toString()).isEqualTo(code);
      if (field != null) {
        assertThat(error.field()).as(error.toString()).isEqualTo(field);
      }
      ctx.completeNow();
    })));
  }

  /** The failure as a contract error (a failed call answers it; a successful one fails the test). */
  static <T> Future<ServiceError> failure(Future<T> call) {
    return call.transform(outcome -> outcome.succeeded()
        ? Future.failedFuture(new AssertionError("expected a failure, got " + outcome.result()))
        : Future.succeededFuture(ServiceError.from(outcome.cause())));
  }

  Future<Page<AuditRecord<AuditAction>>> audit(AuditAction action) {
    return bus.repository().audit(new AuditQuery<>(1, 100, Optional.empty(), Optional.of(action), Optional.empty(),
        Optional.empty(), Optional.empty()));
  }
}
