package io.emporium.gateway.policy.cache;

import io.emporium.platform.async.Deadlines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other gateways' in-process caches, so a write is acknowledged only after every live gateway that
 * may serve from its level one has dropped what it changed. A publish would not do: its delivery is not
 * ordered with the client's next request to another gateway. Each gateway instance answers on an address
 * of its own, listed (with a time to live, renewed) in the cluster map {@value #MAP}; every gateway reads
 * that list each second, and a write asks each gateway on it, every wait bounded.
 *
 * <p>The promise rests on one bound, {@link #LIST_MAX_AGE_MS}: a write never uses a peer list whose read
 * started longer ago than that (it reads the list again first), and a gateway keeps and serves nothing
 * from its level one until that long after its listing was stored. So a gateway missing from a writer's
 * list was listed after the writer's read started, and cannot have opened its level one yet. What a
 * joining gateway starts filling before it is open is never kept ({@link ResponseCache#fillMayKeep}).
 */
final class CachePeers {
  static final String MAP = "emporium.gateway.cache-peers";
  private static final String ADDRESS_PREFIX = "emporium.gateway.cache.peer.";
  /** Every gateway listens here too: the fallback when a writer cannot read the peer list in time. */
  static final String BROADCAST = "emporium.gateway.cache.invalidate";
  /** How often the list of peers is read; writes use the last list read while it is fresh enough. */
  private static final long REFRESH_MS = 1_000;
  /** How long one read of the list may take (a joining member's first cluster-map calls are slow). */
  private static final long REFRESH_TIMEOUT_MS = 1_000;
  /** The oldest peer list (from the start of its read) a write may rely on; see the class comment. */
  static final long LIST_MAX_AGE_MS = REFRESH_MS + REFRESH_TIMEOUT_MS + 500;
  private static final Logger LOG = LoggerFactory.getLogger(CachePeers.class);

  /**
   * How long this gateway's listing lives ({@code ttlMs}) and how often it is renewed ({@code renewMs}). A
   * renewal that fails is tried again after a tenth of the period, not only at the next one: a single
   * failed renewal (cluster maps time out while a dead member's partitions move) otherwise left a gap of two
   * periods, which counts as a lapse and dropped level one after every member's death.
   */
  record Listing(long ttlMs, long renewMs) {
    static final Listing DEFAULT = new Listing(30_000, 10_000);

    /** A gap between renewals this long may have let the listing run out (the put's own time included). */
    long lapseMs() {
      return ttlMs - renewMs;
    }

    long retryMs() {
      return Math.max(1, renewMs / 10);
    }
  }

  /** A peer list and when (monotonic nanos) its read started. */
  private record PeerList(Set<String> addresses, long readStartedNanos) {
    static final PeerList NONE = new PeerList(Set.of(), Long.MIN_VALUE);

    boolean freshAt(long nowNanos) {
      return readStartedNanos != Long.MIN_VALUE
          && nowNanos - readStartedNanos <= TimeUnit.MILLISECONDS.toNanos(LIST_MAX_AGE_MS);
    }
  }

  private final Vertx vertx;
  private final long timeoutMs;
  private final ResponseCache cache;
  private final Supplier<Future<AsyncMap<String, Long>>> map;
  private final String address = ADDRESS_PREFIX + UUID.randomUUID();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final LongAdder unconfirmed = new LongAdder();
  private final LongAdder broadcasts = new LongAdder();
  private final Listing listing;
  private long renewTimer = -1;
  private long refreshTimer = -1;
  /** A retry of a failed renewal is scheduled (at most one at a time). */
  private final AtomicBoolean retrying = new AtomicBoolean();
  /** Stopped: no more retries. */
  private volatile boolean stopped;
  /** Renewals failed since the last that succeeded (one warning per run of failures). */
  private final AtomicInteger failedInARow = new AtomicInteger();
  private volatile PeerList peers = PeerList.NONE;
  /** Monotonic nanos: start of the current run of successful listings, and the last one (MIN_VALUE: never). */
  private volatile long listedSince = Long.MIN_VALUE;
  private volatile long lastListed = Long.MIN_VALUE;

  CachePeers(Vertx vertx, long timeoutMs, ResponseCache cache) {
    this(vertx, timeoutMs, cache, () -> vertx.sharedData().getAsyncMap(MAP), Listing.DEFAULT);
  }

  /**
   * @param map the cluster map of listings (a test may slow it down, as a joining member's first calls are)
   * @param listing the listing's lifetime and renewal period (a test shortens them)
   */
  CachePeers(Vertx vertx, long timeoutMs, ResponseCache cache, Supplier<Future<AsyncMap<String, Long>>> map,
      Listing listing) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.cache = cache;
    this.map = map;
    this.listing = listing;
  }

  Future<Void> start() {
    consumers.add(vertx.eventBus().consumer(address, this::invalidationAsked));
    consumers.add(vertx.eventBus().consumer(BROADCAST, this::invalidationAsked));
    cache.openLevelOneWhen(this::knownToPeers, this::stats);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .compose(v -> list()).compose(v -> refresh()).<Void>mapEmpty().onSuccess(v -> {
          renewTimer = vertx.setPeriodic(listing.renewMs(), id -> list());
          refreshTimer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
        });
  }

  private void invalidationAsked(Message<JsonObject> message) {
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
  }

  /** Reads the list of peers; never fails (a list that cannot be read now keeps the last one). */
  private Future<PeerList> refresh() {
    long started = System.nanoTime();
    return Deadlines.within(vertx, map().compose(AsyncMap::keys), REFRESH_TIMEOUT_MS, "cache peer list")
        .map(keys -> {
          PeerList read = new PeerList(Set.copyOf(keys), started);
          if (read.readStartedNanos > peers.readStartedNanos) {
            peers = read;
          }
          return peers;
        })
        .otherwise(e -> {
          LOG.debug("could not read the cache peer list: {}", e.getMessage());
          return peers;
        });
  }

  Future<Void> stop() {
    stopped = true;
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
    }
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    Future<Void> unlisted = Deadlines.within(vertx, map().compose(map -> map.remove(address)), timeoutMs,
        "cache peer removal").<Void>mapEmpty().otherwiseEmpty();
    return unlisted.eventually(() -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()));
  }

  /**
   * Asks every peer to drop the scopes and waits for each (bounded). Never fails: a peer that does not
   * answer in time is left to the product events. When no fresh enough list can be read, every gateway
   * is told by a publish instead (unconfirmed, counted).
   */
  Future<Void> invalidate(List<String> scopes, boolean redisDone) {
    JsonObject message = new JsonObject().put("scopes", new JsonArray(scopes)).put("redisDone", redisDone);
    PeerList known = peers;
    Future<PeerList> list = known.freshAt(System.nanoTime()) ? Future.succeededFuture(known) : refresh();
    return list.compose(current -> {
      if (!current.freshAt(System.nanoTime())) {
        broadcasts.increment();
        LOG.warn("no fresh cache peer list: the invalidation of {} is published, unconfirmed", scopes);
        vertx.eventBus().publish(BROADCAST, message);
        return Future.succeededFuture();
      }
      List<Future<?>> acks = new ArrayList<>();
      for (String peer : current.addresses()) {
        if (!peer.equals(address)) {
          acks.add(vertx.eventBus().request(peer, message,
              new DeliveryOptions().setSendTimeout(timeoutMs + ResponseCache.INVALIDATION_TIMEOUT_MS))
              .onFailure(e -> {
                unconfirmed.increment();
                LOG.debug("cache peer {} did not confirm an invalidation: {}", peer, e.getMessage());
              }));
        }
      }
      return Future.join(acks).<Void>mapEmpty();
    }).otherwiseEmpty();
  }

  /**
   * Puts this gateway on the list (or renews it). A gap in the renewals long enough for the listing to
   * have lapsed means writes elsewhere may have skipped this gateway: level one is dropped whole and
   * stays closed until the new listing is known to every peer.
   */
  private Future<Void> list() {
    return Deadlines.within(vertx, map().compose(map -> map.put(address, System.currentTimeMillis(), listing.ttlMs())),
            timeoutMs, "cache peer listing")
        .onSuccess(v -> {
          failedInARow.set(0);
          long now = System.nanoTime();
          if (listedSince == Long.MIN_VALUE || now - lastListed >= TimeUnit.MILLISECONDS.toNanos(listing.lapseMs())) {
            if (listedSince != Long.MIN_VALUE) {
              LOG.warn("this gateway's cache listing lapsed: level one dropped until every gateway knows it again");
              cache.invalidateLocally(List.of(Invalidations.EVERYTHING));
            }
            listedSince = now;
          }
          lastListed = now;
        })
        .onFailure(e -> {
          // one warning per run of failures: a retry each second would repeat it through a long outage
          if (failedInARow.getAndIncrement() == 0) {
            LOG.warn("could not list this gateway's cache: {}; trying again every {} ms", e.getMessage(),
                listing.retryMs());
          }
          retrySoon();
        })
        .<Void>mapEmpty().otherwiseEmpty();
  }

  private void retrySoon() {
    if (stopped || !retrying.compareAndSet(false, true)) {
      return;
    }
    vertx.setTimer(listing.retryMs(), id -> {
      retrying.set(false);
      if (!stopped) {
        list();
      }
    });
  }

  /**
   * Writes elsewhere may have skipped this gateway (its JVM was cut off from the cluster, or has just
   * rejoined it): level one is dropped whole, and stays closed until this gateway's new listing is known
   * to every peer, as at start.
   */
  void missedWrites(String why) {
    LOG.warn("{}: level one dropped, closed until every gateway knows this one again", why);
    cache.invalidateLocally(List.of(Invalidations.EVERYTHING));
    listedSince = Long.MIN_VALUE;
    list();
  }

  /**
   * Whether every write anywhere now reaches this cache: listed for longer than any writer's list may be
   * old, and the listing has not run out.
   */
  boolean knownToPeers() {
    long now = System.nanoTime();
    long since = listedSince;
    return since != Long.MIN_VALUE && now - since > TimeUnit.MILLISECONDS.toNanos(LIST_MAX_AGE_MS)
        && now - lastListed < TimeUnit.MILLISECONDS.toNanos(listing.lapseMs());
  }

  /** Invalidations a peer did not confirm, and those published because no fresh peer list could be read. */
  JsonObject stats() {
    return new JsonObject().put("unconfirmedPeerInvalidations", unconfirmed.sum())
        .put("publishedInvalidations", broadcasts.sum());
  }

  private Future<AsyncMap<String, Long>> map() {
    return map.get();
  }
}
