package io.emporium.platform.mesh;

import io.emporium.contract.Action;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceError;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.security.CallerSignatures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * One request to one instance over the event bus: the action, the request id, the caller (signed when the
 * mesh signs), where the request came from, the reply form and a send timeout. No choice of instance, no
 * retry: the call decides those.
 */
final class BusTransport {
  private final Vertx vertx;
  private final Optional<CallerSignatures> signatures;

  BusTransport(Vertx vertx, Optional<CallerSignatures> signatures) {
    this.vertx = vertx;
    this.signatures = signatures;
  }

  /** The raw bus request (failures as the bus reports them: the call classifies them). */
  <T> Future<T> request(ServiceInstance instance, Action action, JsonObject payload, CallContext context,
      long timeoutMs, ReplyForm<T> form) {
    DeliveryOptions options = deliveryOptions(action, context, timeoutMs);
    if (form.requested() != null) {
      options.addHeader(Headers.REPLY_FORM, form.requested());
    }
    return vertx.eventBus().<Object>request(instance.address(), payload, options).map(form::read);
  }

  /** A request whose failures are contract errors (health probes: no breaker, no retry). */
  Future<JsonObject> probe(ServiceInstance instance, Action action, JsonObject payload, CallContext context,
      long timeoutMs) {
    return request(instance, action, payload, context, timeoutMs, ReplyForm.JSON)
        .recover(e -> Future.failedFuture(ServiceError.from(e).toException()));
  }

  /**
   * At most 256 characters and none of them a control character; a scan, since a regular expression here
   * (compiled per call) was 4 % of an uncached GET's event-loop CPU.
   */
  static String headerSafe(String value) {
    StringBuilder clean = null;
    int end = Math.min(value.length(), 256);
    for (int i = 0; i < value.length() && (clean == null ? i < end : clean.length() < 256); i++) {
      char c = value.charAt(i);
      boolean control = Character.getType(c) == Character.CONTROL;
      if (control && clean == null) {
        clean = new StringBuilder(end).append(value, 0, i);
      } else if (!control && clean != null) {
        clean.append(c);
      }
    }
    return clean != null ? clean.toString() : value.substring(0, end);
  }

  private DeliveryOptions deliveryOptions(Action action, CallContext context, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(Math.max(1, timeoutMs))
        .addHeader(Headers.ACTION, action.wireName())
        .addHeader(Headers.REQUEST_ID, context.requestId());
    // Signed per send (retries included), so the signature's lifetime starts when it travels.
    context.callerId().ifPresent(id -> signatures.ifPresentOrElse(
        signer -> signer.sign(options, action.wireName(), id, context.callerRoles()),
        () -> {
          options.addHeader(Headers.CALLER_ID, id);
          if (!context.callerRoles().isEmpty()) {
            options.addHeader(Headers.CALLER_ROLES, String.join(",", context.callerRoles()));
          }
        }));
    context.clientIp().ifPresent(ip -> options.addHeader(Headers.CLIENT_IP, ip));
    // Header values must not carry control characters; a hostile User-Agent is cut, not refused.
    context.userAgent().map(BusTransport::headerSafe).ifPresent(agent -> options.addHeader(Headers.USER_AGENT, agent));
    return options;
  }
}
