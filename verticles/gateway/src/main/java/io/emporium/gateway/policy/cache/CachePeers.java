package io.emporium.gateway.policy.cache;

import io.emporium.platform.async.Deadlines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other gateways' in-process caches, so a write is acknowledged only after every live gateway has
 * dropped what it changed. A publish would not do: its delivery is not ordered with the client's
 * next request to another gateway. Each gateway instance answers on an address of its own, listed
 * (with a time to live, renewed) in the cluster map {@value #MAP}; every gateway reads that list each
 * second and a write asks each gateway of it, every wait bounded, so a dead gateway delays a write by at
 * most the timeout. A gateway keeps nothing in its level one until every other gateway has read it on
 * the list, since a write elsewhere would not reach it before that.
 */
final class CachePeers {
  static final String MAP = "emporium.gateway.cache-peers";
  private static final String ADDRESS_PREFIX = "emporium.gateway.cache.peer.";
  private static final long LISTING_TTL_MS = 30_000;
  private static final long RENEW_MS = 10_000;
  /** How often the list of peers is read; writes use the last list read, so they make no cluster-map call. */
  private static final long REFRESH_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(CachePeers.class);

  private final Vertx vertx;
  private final long timeoutMs;
  private final ResponseCache cache;
  private final String address = ADDRESS_PREFIX + UUID.randomUUID();
  private MessageConsumer<JsonObject> consumer;
  private long renewTimer = -1;
  private long refreshTimer = -1;
  private volatile Set<String> peers = Set.of();
  /** Start of the current run of successful listings, and the last one (-1: never listed). */
  private volatile long listedSince = -1;
  private volatile long lastListed = -1;

  CachePeers(Vertx vertx, long timeoutMs, ResponseCache cache) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.cache = cache;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(address, message -> {
      JsonArray scopes = message.body() == null ? null : message.body().getJsonArray("scopes");
      if (scopes == null) {
        message.reply(new JsonObject());
        return;
      }
      List<String> list = scopes.stream().map(String::valueOf).toList();
      cache.invalidateLocally(list);
      // the writer could not reach Redis: try from here, or another gateway may read a stale entry there
      Future<Boolean> redis = message.body().getBoolean("redisDone", true) ? Future.succeededFuture(true)
          : cache.invalidateLevelTwo(list);
      redis.onComplete(done -> message.reply(new JsonObject()));
    });
    cache.openLevelOneWhen(this::knownToPeers);
    return consumer.completion().compose(v -> list()).compose(v -> refresh()).onSuccess(v -> {
      renewTimer = vertx.setPeriodic(RENEW_MS, id -> list());
      refreshTimer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
    });
  }

  /** Never fails: a list that cannot be read now keeps the last one. */
  private Future<Void> refresh() {
    return Deadlines.within(vertx, map().compose(AsyncMap::keys), timeoutMs, "cache peer list")
        .onSuccess(keys -> peers = Set.copyOf(keys)).<Void>mapEmpty().otherwiseEmpty();
  }

  Future<Void> stop() {
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
    }
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    Future<Void> unlisted = Deadlines.within(vertx, map().compose(map -> map.remove(address)), timeoutMs,
        "cache peer removal").<Void>mapEmpty().otherwiseEmpty();
    return unlisted.eventually(() -> consumer == null ? Future.succeededFuture() : consumer.unregister());
  }

  /** Never fails: a peer that does not answer in time is left to the product events. */
  Future<Void> invalidate(List<String> scopes, boolean redisDone) {
    JsonObject message = new JsonObject().put("scopes", new JsonArray(scopes)).put("redisDone", redisDone);
    return Future.succeededFuture(peers)
        .compose(known -> {
          List<Future<?>> acks = new ArrayList<>();
          for (String peer : known) {
            if (!peer.equals(address)) {
              acks.add(vertx.eventBus().request(peer, message,
                  new DeliveryOptions().setSendTimeout(timeoutMs + ResponseCache.INVALIDATION_TIMEOUT_MS))
                  .onFailure(e -> LOG.debug("cache peer {} did not confirm an invalidation: {}", peer, e.getMessage())));
            }
          }
          return Future.join(acks).<Void>mapEmpty();
        })
        .otherwiseEmpty();
  }

  private Future<Void> list() {
    return Deadlines.within(vertx, map().compose(map -> map.put(address, System.currentTimeMillis(), LISTING_TTL_MS)),
            timeoutMs, "cache peer listing")
        .onSuccess(v -> {
          long now = System.currentTimeMillis();
          if (listedSince < 0 || now - lastListed >= LISTING_TTL_MS) {
            listedSince = now;
          }
          lastListed = now;
        })
        .onFailure(e -> LOG.warn("could not list this gateway's cache: {}", e.getMessage())).<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /**
   * Whether every other gateway has read the peer list since this one was put on it (each reads it every
   * {@value #REFRESH_MS} ms), and the listing has not run out: only then does every write reach this cache.
   */
  boolean knownToPeers() {
    long now = System.currentTimeMillis();
    return listedSince >= 0 && now - listedSince > REFRESH_MS + timeoutMs
        && now - lastListed < LISTING_TTL_MS - RENEW_MS;
  }

  private Future<AsyncMap<String, Long>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
