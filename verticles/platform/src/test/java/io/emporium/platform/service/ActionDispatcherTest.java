package io.emporium.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.contract.UserAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dispatcher behind a real (local) event bus, seen from a caller's side. */
@ExtendWith(VertxExtension.class)
class ActionDispatcherTest {
  private static final String ADDRESS = "test.dispatcher";
  private static final String SECRET_DETAIL = "connection to 10.1.2.3 refused for user emporium_admin";

  private static Future<Message<Object>> request(Vertx vertx, ActionDispatcher dispatcher, String action, Object body) {
    return vertx.eventBus().<Object>consumer(ADDRESS, dispatcher::dispatch).completion().compose(v -> {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(5_000);
      if (action != null) {
        options.addHeader(Headers.ACTION, action);
      }
      return vertx.eventBus().request(ADDRESS, body, options);
    });
  }

  /** Checks the failure as a caller sees it: a ReplyException whose code and JSON follow the contract. */
  private static void assertContractFailure(Throwable failure, ServiceError expected) {
    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(expected.code().failureCode());
    assertThat(ServiceError.from(failure)).isEqualTo(expected);
  }

  @Test
  void replyOfTheHandlerReachesTheCaller(Vertx vertx, VertxTestContext ctx) {
    ActionDispatcher dispatcher = new ActionDispatcher()
        .on(ProductAction.GET, req -> Future.succeededFuture(new JsonObject().put("echo", req.body().getString("id"))));

    request(vertx, dispatcher, ProductAction.GET.wireName(), new JsonObject().put("id", "abc"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body()).isEqualTo(new JsonObject().put("echo", "abc"));
          ctx.completeNow();
        })));
  }

  @Test
  void aCallerThatAsksForTheEncodedReplyGetsItsBytesAndItsVersion(Vertx vertx, VertxTestContext ctx) {
    JsonObject product = new JsonObject().put("id", "abc").put("name", "Lamp \u00e9").put("version", 7);
    ActionDispatcher dispatcher = new ActionDispatcher().on(ProductAction.GET, req -> Future.succeededFuture(product));

    vertx.eventBus().<Object>consumer(ADDRESS, dispatcher::dispatch).completion()
        .compose(v -> vertx.eventBus().<Object>request(ADDRESS, new JsonObject().put("id", "abc"), new DeliveryOptions()
            .addHeader(Headers.ACTION, ProductAction.GET.wireName()).addHeader(Headers.REPLY_FORM, Headers.ENCODED)))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body()).isInstanceOf(io.vertx.core.buffer.Buffer.class);
          assertThat(reply.body()).isEqualTo(product.toBuffer()); // the very bytes the gateway would have written
          assertThat(reply.headers().get(Headers.ENTITY_VERSION)).isEqualTo("7");
          ctx.completeNow();
        })));
  }

  @Test
  void anEncodedReplyWithoutAVersionCarriesNoVersionHeader(Vertx vertx, VertxTestContext ctx) {
    ActionDispatcher dispatcher = new ActionDispatcher()
        .on(ProductAction.GET, req -> Future.succeededFuture(new JsonObject().put("version", "not a number")));

    vertx.eventBus().<Object>consumer(ADDRESS, dispatcher::dispatch).completion()
        .compose(v -> vertx.eventBus().<Object>request(ADDRESS, new JsonObject(), new DeliveryOptions()
            .addHeader(Headers.ACTION, ProductAction.GET.wireName()).addHeader(Headers.REPLY_FORM, Headers.ENCODED)))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body()).isEqualTo(new JsonObject().put("version", "not a number").toBuffer());
          assertThat(reply.headers().contains(Headers.ENTITY_VERSION)).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void callerHeadersReachTheHandlerAsTheServiceRequest(Vertx vertx, VertxTestContext ctx) {
    AtomicReference<ServiceRequest> seen = new AtomicReference<>();
    ActionDispatcher dispatcher = new ActionDispatcher().on(UserAction.GET, req -> {
      seen.set(req);
      return Future.succeededFuture(new JsonObject());
    });
    DeliveryOptions options = new DeliveryOptions().addHeader(Headers.ACTION, UserAction.GET.wireName())
        .addHeader(Headers.REQUEST_ID, "req-1").addHeader(Headers.CALLER_ID, "u-7")
        .addHeader(Headers.CALLER_ROLES, "user, admin,");

    vertx.eventBus().<Object>consumer(ADDRESS, dispatcher::dispatch).completion()
        .compose(v -> vertx.eventBus().request(ADDRESS, new JsonObject(), options))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(seen.get().requestId()).isEqualTo("req-1");
          assertThat(seen.get().callerId()).contains("u-7");
          assertThat(seen.get().callerRoles()).isEqualTo(Set.of("user", "admin"));
          ctx.completeNow();
        })));
  }

  @Test
  void unknownActionIsAValidationErrorOnFieldAction(Vertx vertx, VertxTestContext ctx) {
    ActionDispatcher dispatcher = new ActionDispatcher()
        .on(ProductAction.GET, req -> Future.succeededFuture(new JsonObject()));

    request(vertx, dispatcher, "product.delete-everything", new JsonObject())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(ServiceError.from(e).code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(ServiceError.from(e).field()).isEqualTo(Headers.ACTION);
          assertThat(((ReplyException) e).failureCode()).isEqualTo(400);
          ctx.completeNow();
        })));
  }

  @Test
  void missingActionHeaderIsAValidationErrorOnFieldAction(Vertx vertx, VertxTestContext ctx) {
    ActionDispatcher dispatcher = new ActionDispatcher()
        .on(ProductAction.GET, req -> Future.succeededFuture(new JsonObject()));

    request(vertx, dispatcher, null, new JsonObject())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(ServiceError.from(e).code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(ServiceError.from(e).field()).isEqualTo(Headers.ACTION);
          ctx.completeNow();
        })));
  }

  @Test
  void bodyThatIsNotAJsonObjectIsAValidationErrorOnFieldBody(Vertx vertx, VertxTestContext ctx) {
    ActionDispatcher dispatcher = new ActionDispatcher()
        .on(ProductAction.GET, req -> Future.succeededFuture(new JsonObject()));

    request(vertx, dispatcher, ProductAction.GET.wireName(), "not json")
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(ServiceError.from(e).code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(ServiceError.from(e).field()).isEqualTo("body");
          ctx.completeNow();
        })));
  }

  @Test
  void aBodyOverTheLimitIsRefusedAsPayloadTooLargeBeforeItsHandlerRuns(Vertx vertx, VertxTestContext ctx) {
    AtomicReference<ServiceRequest> seen = new AtomicReference<>();
    ActionDispatcher dispatcher = new ActionDispatcher().limitBodyTo(1_000).on(ProductAction.GET, req -> {
      seen.set(req);
      return Future.succeededFuture(new JsonObject());
    });
    // {"id":"…"} is 9 bytes besides the string: 992 characters make 1,001 bytes
    JsonObject oneByteOver = new JsonObject().put("id", "x".repeat(992));

    request(vertx, dispatcher, ProductAction.GET.wireName(), oneByteOver)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertContractFailure(e, new ServiceError(ErrorCode.PAYLOAD_TOO_LARGE,
              "the request body is larger than 1000 bytes of JSON, the most this service accepts", "body"));
          assertThat(((ReplyException) e).failureCode()).isEqualTo(413);
          assertThat(seen.get()).as("the handler never saw it").isNull();
          ctx.completeNow();
        })));
  }

  @Test
  void aBodyExactlyAtTheLimitReachesItsHandler(Vertx vertx, VertxTestContext ctx) {
    ActionDispatcher dispatcher = new ActionDispatcher().limitBodyTo(1_000)
        .on(ProductAction.GET, req -> Future.succeededFuture(new JsonObject().put("length", req.body().encode().length())));

    request(vertx, dispatcher, ProductAction.GET.wireName(), new JsonObject().put("id", "x".repeat(991)))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(((JsonObject) reply.body()).getInteger("length")).isEqualTo(1_000);
          ctx.completeNow();
        })));
  }

  @Test
  void handlerThrowingARuntimeExceptionIsInternalAndLeaksNoExceptionText(Vertx vertx, VertxTestContext ctx) {
    ActionDispatcher dispatcher = new ActionDispatcher().on(ProductAction.GET, req -> {
      throw new IllegalStateException(SECRET_DETAIL);
    });

    request(vertx, dispatcher, ProductAction.GET.wireName(), new JsonObject())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertContractFailure(e, ServiceError.of(ErrorCode.INTERNAL, "internal error"));
          assertThat(e.getMessage()).doesNotContain(SECRET_DETAIL).doesNotContain("IllegalStateException");
          ctx.completeNow();
        })));
  }

  @Test
  void handlerFailingItsFutureUnexpectedlyIsInternalAndLeaksNoExceptionText(Vertx vertx, VertxTestContext ctx) {
    ActionDispatcher dispatcher = new ActionDispatcher()
        .on(ProductAction.GET, req -> Future.failedFuture(new RuntimeException(SECRET_DETAIL)));

    request(vertx, dispatcher, ProductAction.GET.wireName(), new JsonObject())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertContractFailure(e, ServiceError.of(ErrorCode.INTERNAL, "internal error"));
          assertThat(e.getMessage()).doesNotContain(SECRET_DETAIL);
          ctx.completeNow();
        })));
  }

  @Test
  void thrownServiceExceptionKeepsItsCodeMessageAndField(Vertx vertx, VertxTestContext ctx) {
    ServiceError invalid = ServiceError.invalid("id", "id must be a UUID");
    ActionDispatcher dispatcher = new ActionDispatcher().on(ProductAction.GET, req -> {
      throw invalid.toException();
    });

    request(vertx, dispatcher, ProductAction.GET.wireName(), new JsonObject())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertContractFailure(e, invalid);
          ctx.completeNow();
        })));
  }

  @Test
  void failedFutureWithServiceExceptionKeepsItsCode(Vertx vertx, VertxTestContext ctx) {
    ServiceError conflict = new ServiceError(ErrorCode.CONFLICT, "a product with this sku exists", "sku");
    ActionDispatcher dispatcher = new ActionDispatcher()
        .on(ProductAction.GET, req -> Future.failedFuture(conflict.toException()));

    request(vertx, dispatcher, ProductAction.GET.wireName(), new JsonObject())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertContractFailure(e, conflict);
          ctx.completeNow();
        })));
  }
}
