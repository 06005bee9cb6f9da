package io.emporium.platform.service;

import io.emporium.contract.Action;
import io.emporium.contract.EncodedReply;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a bus message to the handler of its action and turns the outcome into a reply or a
 * contract failure. Unexpected exceptions are logged here with the request id and reach the caller
 * only as INTERNAL with a generic message.
 */
public final class ActionDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ActionDispatcher.class);
  private final Map<String, ActionHandler> handlers = new HashMap<>();
  private long maxBodyBytes = Long.MAX_VALUE;

  public ActionDispatcher on(Action action, ActionHandler handler) {
    handlers.put(action.wireName(), handler);
    return this;
  }

  /**
   * Refuses, with PAYLOAD_TOO_LARGE and before its handler runs, a request whose body is larger than
   * {@code bytes} as compact UTF-8 JSON. The bus itself has no such limit.
   */
  public ActionDispatcher limitBodyTo(long bytes) {
    this.maxBodyBytes = bytes;
    return this;
  }

  /** Answers the message; the future completes once the reply (or the failure) has been sent. */
  public Future<Void> dispatch(Message<Object> message) {
    String actionName = message.headers().get(Headers.ACTION);
    ActionHandler handler = actionName == null ? null : handlers.get(actionName);
    if (handler == null) {
      fail(message, ServiceError.invalid(Headers.ACTION, "unknown or missing action '" + actionName + "'"));
      return Future.succeededFuture();
    }
    Object decoded;
    try {
      decoded = message.body(); // a message from another JVM is decoded here, on first access
    } catch (DecodeException unreadable) {
      fail(message, ServiceError.invalid("body", "the request body cannot be read as JSON (malformed, or past the"
          + " parser's limits on nesting and string length)"));
      return Future.succeededFuture();
    }
    if (!(decoded instanceof JsonObject body)) {
      fail(message, ServiceError.invalid("body", "the request body must be a JSON object"));
      return Future.succeededFuture();
    }
    if (JsonSize.exceeds(body, maxBodyBytes)) {
      fail(message, new ServiceError(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + maxBodyBytes
          + " bytes of JSON, the most this service accepts", "body"));
      return Future.succeededFuture();
    }
    ServiceRequest request = ServiceRequest.of(body, message.headers());
    Future<JsonObject> outcome;
    try {
      outcome = handler.handle(request);
    } catch (RuntimeException thrown) {
      outcome = Future.failedFuture(thrown);
    }
    return outcome.andThen(done -> {
      // Logged before the reply, while the request's span is still the current one (its trace id in the MDC).
      if (LOG.isDebugEnabled()) {
        LOG.debug("action {} {} (request {})", actionName, done.succeeded() ? "answered" : "failed", request.requestId());
      }
      if (done.succeeded()) {
        reply(message, done.result());
      } else {
        fail(message, toError(done.cause(), actionName, request));
      }
    }).<Void>mapEmpty().otherwiseEmpty();
  }

  /** The reply in the form the caller asked for: a JSON object, or its encoded bytes (pass-through reads). */
  private static void reply(Message<Object> message, JsonObject result) {
    if (result == null || !Headers.ENCODED.equals(message.headers().get(Headers.REPLY_FORM))) {
      message.reply(result);
      return;
    }
    EncodedReply encoded = EncodedReply.of(result);
    DeliveryOptions options = new DeliveryOptions();
    if (encoded.version() != null) {
      options.addHeader(Headers.ENTITY_VERSION, Long.toString(encoded.version()));
    }
    message.reply(encoded.body(), options);
  }

  private static ServiceError toError(Throwable e, String action, ServiceRequest request) {
    if (e instanceof ServiceException se) {
      return se.error();
    }
    LOG.error("action {} failed unexpectedly (request {})", action, request.requestId(), e);
    return ServiceError.of(ErrorCode.INTERNAL, "internal error");
  }

  private static void fail(Message<?> message, ServiceError error) {
    message.fail(error.code().failureCode(), error.toJson().encode());
  }
}
