package io.emporium.product.actions;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.Ids;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.emporium.platform.security.Identity;
import io.emporium.platform.service.ActionHandler;
import io.emporium.platform.service.Callers;
import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An admin action needs more than a caller signed with the admin role: the caller must still be an
 * active admin in the user service's store, so that a deleted, disabled or demoted admin cannot change
 * the catalogue with an access token that has not expired yet. The product service asks the user
 * service ({@code user.get}, bounded by {@code timeoutMs}) and keeps a yes for {@code cacheMs}; no
 * answer is a refusal (UNAVAILABLE), never a guess. Public reads never come here.
 *
 * <p>One per service instance, used on its event loop only: no locks. Concurrent actions of one
 * caller share one question.
 */
public final class AdminCallers {
  private static final Logger LOG = LoggerFactory.getLogger(AdminCallers.class);
  /** Admins are few; a full table is emptied rather than grown (the next actions ask again). */
  static final int MAX_ENTRIES = 1_000;

  private final Vertx vertx;
  private final AdminCheck settings;
  private final LongSupplier clockMs;
  private final Map<String, Long> confirmedUntil = new HashMap<>();
  private final Map<String, Future<Void>> asking = new HashMap<>();

  public AdminCallers(Vertx vertx, AdminCheck settings) {
    this(vertx, settings, System::currentTimeMillis);
  }

  AdminCallers(Vertx vertx, AdminCheck settings, LongSupplier clockMs) {
    this.vertx = vertx;
    this.settings = settings;
    this.clockMs = clockMs;
  }

  /** {@code handler}, run only for a caller who is an admin in the headers and in the user service's store. */
  public ActionHandler only(ActionHandler handler) {
    return request -> confirm(request).compose(v -> handler.handle(request));
  }

  /** Succeeds when the caller is an active admin; otherwise UNAUTHORIZED, FORBIDDEN or UNAVAILABLE. */
  Future<Void> confirm(ServiceRequest request) {
    try {
      Callers.requireAdmin(request); // the headers first: no question for a caller without the role
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
    String callerId = request.callerId().orElseThrow();
    if (!Ids.isUuid(callerId)) {
      return Future.failedFuture(unknownCaller());
    }
    Long until = confirmedUntil.get(callerId);
    if (until != null && clockMs.getAsLong() < until) {
      return Future.succeededFuture();
    }
    Future<Void> pending = asking.get(callerId);
    if (pending == null) {
      pending = ask(callerId, request.requestId());
      asking.put(callerId, pending);
      pending.onComplete(done -> asking.remove(callerId));
    }
    return pending;
  }

  private Future<Void> ask(String callerId, String requestId) {
    // user.get is idempotent: a question that found no instance (one stopping, or not yet known to this
    // JVM's bus) is asked once more; a timeout is not, its time is spent.
    return userGet(callerId, requestId)
        .recover(e -> ServiceError.from(e).code() == ErrorCode.UNAVAILABLE ? userGet(callerId, requestId)
            : Future.failedFuture(e))
        .transform(answer -> answer.succeeded() ? judge(callerId, answer.result()) : unanswered(callerId, answer.cause()));
  }

  private Future<JsonObject> userGet(String callerId, String requestId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.timeoutMs())
        .addHeader(Headers.ACTION, UserAction.GET.wireName()).addHeader(Headers.REQUEST_ID, requestId);
    return vertx.eventBus().<JsonObject>request(Addresses.shared(ServiceName.USER), new JsonObject().put("id", callerId),
            options)
        .map(Message::body);
  }

  private Future<Void> judge(String callerId, JsonObject user) {
    if (!"active".equals(user.getString("status"))) {
      return Future.failedFuture(unknownCaller());
    }
    JsonArray roles = user.getJsonArray("roles", new JsonArray());
    if (!roles.contains(Identity.ROLE_ADMIN)) {
      return Future.failedFuture(ServiceError.of(ErrorCode.FORBIDDEN, "this action is for administrators").toException());
    }
    remember(callerId);
    return Future.succeededFuture();
  }

  private Future<Void> unanswered(String callerId, Throwable failure) {
    ServiceError error = ServiceError.from(failure);
    if (error.code() == ErrorCode.NOT_FOUND || error.code() == ErrorCode.VALIDATION) {
      return Future.failedFuture(unknownCaller());
    }
    LOG.warn("cannot confirm admin caller {} with the user service ({}: {}): refusing the action", callerId,
        error.code(), error.message());
    return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE,
        "the user service could not confirm the caller's admin role; try again").toException());
  }

  private void remember(String callerId) {
    if (settings.cacheMs() <= 0) {
      return;
    }
    long now = clockMs.getAsLong();
    if (confirmedUntil.size() >= MAX_ENTRIES) {
      confirmedUntil.values().removeIf(until -> until <= now);
      if (confirmedUntil.size() >= MAX_ENTRIES) {
        confirmedUntil.clear();
      }
    }
    confirmedUntil.put(callerId, now + settings.cacheMs());
  }

  private static RuntimeException unknownCaller() {
    return ServiceError.of(ErrorCode.UNAUTHORIZED, "the caller is not an active user").toException();
  }
}
