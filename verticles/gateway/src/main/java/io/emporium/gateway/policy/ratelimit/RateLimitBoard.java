package io.emporium.gateway.policy.ratelimit;

import io.emporium.contract.ServiceException;
import io.emporium.gateway.config.RateLimitPolicies;
import io.emporium.platform.async.Deadlines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit policy changes, cluster-wide: a change is stored as the next revision in the cluster map
 * {@value #MAP} under a cluster lock and published on {@value #ADDRESS}; every gateway applies a
 * revision higher than its own, and reads the map at start, so one that starts later catches up.
 * Every cluster operation is bounded in time.
 */
public final class RateLimitBoard {
  public static final String ADDRESS = "emporium.gateway.ratelimit.policies";
  static final String MAP = "emporium.gateway.policies";
  private static final String KEY = "ratelimit";
  private static final String LOCK = "emporium.gateway.ratelimit-lock";
  private static final Logger LOG = LoggerFactory.getLogger(RateLimitBoard.class);

  private final Vertx vertx;
  private final RateLimiter limiter;
  private final long timeoutMs;
  private long revision;
  private MessageConsumer<JsonObject> consumer;

  public RateLimitBoard(Vertx vertx, RateLimiter limiter, long timeoutMs) {
    this.vertx = vertx;
    this.limiter = limiter;
    this.timeoutMs = timeoutMs;
  }

  /** Never fails: a cluster map that does not answer leaves the configured policies in force. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(ADDRESS, message -> receive(message.body()));
    return consumer.completion()
        .compose(v -> Deadlines.within(vertx, map().compose(map -> map.get(KEY)), timeoutMs, "rate-limit policy read"))
        .onSuccess(this::receive)
        .onFailure(e -> LOG.warn("could not read stored rate-limit policies: {}", e.getMessage()))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  public JsonObject current() {
    return new JsonObject().put("revision", revision).put("document", limiter.policies().toJson());
  }

  /** Checks the document (VALIDATION naming the field), stores and publishes it; answers the new revision. */
  public Future<JsonObject> change(JsonObject document) {
    RateLimitPolicies policies;
    try {
      policies = RateLimitPolicies.parse(document);
    } catch (ServiceException invalid) {
      return Future.failedFuture(invalid);
    }
    return Deadlines.within(vertx, vertx.sharedData().getLockWithTimeout(LOCK, timeoutMs), timeoutMs, "policy lock")
        .compose(lock -> Deadlines.within(vertx, map().compose(map -> map.get(KEY).compose(stored -> {
          long next = Math.max(revision, stored == null ? 0 : stored.getLong("revision", 0L)) + 1;
          JsonObject message = new JsonObject().put("revision", next).put("document", policies.toJson());
          return map.put(KEY, message).map(message);
        })), timeoutMs, "policy store").eventually(() -> {
          lock.release();
          return Future.succeededFuture();
        }))
        .onSuccess(message -> {
          receive(message);
          vertx.eventBus().publish(ADDRESS, message);
        });
  }

  private void receive(JsonObject message) {
    if (message == null) {
      return;
    }
    long offered = message.getLong("revision", 0L);
    if (offered <= revision) {
      return;
    }
    try {
      limiter.apply(RateLimitPolicies.parse(message.getJsonObject("document")));
      revision = offered;
    } catch (RuntimeException malformed) {
      LOG.warn("ignoring a malformed rate-limit policy message (revision {})", offered);
    }
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
