package io.emporium.gateway.policy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.config.GatewaySettings.CacheSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promise of {@link CachePeers}: a write acknowledged through one gateway has dropped what it changed in
 * every gateway that may serve from its level one. Two gateways share one Vert.x here (and so one level
 * one, whose invalidation sequence tells whether a gateway was asked).
 */
class CachePeersTest {
  private static final CacheSettings SETTINGS = new CacheSettings(true, 100, 30, Map.of(), false);
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aJoiningGatewayWhoseFirstPeerListReadTimesOutStillReachesEveryOpenPeerBeforeAcknowledging() throws Exception {
    ResponseCache servingCache = cache();
    CachePeers serving = new CachePeers(vertx, 250, servingCache);
    await(serving.start());
    waitUntilOpen(serving);

    // as a member that just joined a Hazelcast cluster: its first read of the list is slower than any bound
    AtomicInteger reads = new AtomicInteger();
    CachePeers joining = new CachePeers(vertx, 250, cache(), () -> vertx.sharedData().<String, Long>getAsyncMap(CachePeers.MAP)
        .map(map -> reads.incrementAndGet() == 2 ? slowKeys(map) : map), CachePeers.Listing.DEFAULT);
    await(joining.start());

    long before = servingCache.levelOne.invalidations.current();
    await(joining.invalidate(List.of(Invalidations.productScope("p1")), true));
    assertThat(servingCache.levelOne.invalidations.current())
        .as("the serving gateway dropped the scope before the write was acknowledged").isGreaterThan(before);
  }

  @Test
  void levelOneStaysClosedUntilEveryWritersListMustHoldThisGateway() throws Exception {
    ResponseCache joiningCache = cache();
    CachePeers joining = new CachePeers(vertx, 250, joiningCache);
    long started = System.nanoTime();
    await(joining.start());
    assertThat(joiningCache.fillMayKeep()).isFalse();
    assertThat(joiningCache.levelOneGet("anything")).isNull();
    waitUntilOpen(joining);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(CachePeers.LIST_MAX_AGE_MS);
  }

  @Test
  void aFillThatStartedWhileLevelOneWasClosedIsNotKept() throws Exception {
    ResponseCache joiningCache = cache();
    CachePeers joining = new CachePeers(vertx, 250, joiningCache);
    await(joining.start());
    boolean mayKeep = joiningCache.fillMayKeep();
    waitUntilOpen(joining);
    joiningCache.keepLocally("key", CachedResponse.of("catalogue", 0, System.currentTimeMillis() + 30_000, "\"h1\"",
        io.vertx.core.buffer.Buffer.buffer("{}")), mayKeep);
    assertThat(joiningCache.levelOneGet("key")).isNull();
  }

  @Test
  void aGatewayCutOffFromTheClusterDropsLevelOneAndKeepsItClosedUntilEveryWriterKnowsItAgain() throws Exception {
    ResponseCache cache = cache();
    CachePeers peers = new CachePeers(vertx, 250, cache);
    await(peers.start());
    waitUntilOpen(peers);
    CachedResponse entry = CachedResponse.of("catalogue", cache.levelOne.invalidations.current(),
        System.currentTimeMillis() + 30_000, "\"h1\"", io.vertx.core.buffer.Buffer.buffer("{}"));
    cache.keepLocally("key", entry, true);
    assertThat(cache.levelOneGet("key")).isNotNull();

    long missed = System.nanoTime();
    vertx.runOnContext(v -> peers.missedWrites("rejoined the cluster"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (peers.knownToPeers() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(peers.knownToPeers()).as("closed at once").isFalse();
    assertThat(cache.fillMayKeep()).isFalse();
    waitUntilOpen(peers);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - missed)).isGreaterThanOrEqualTo(CachePeers.LIST_MAX_AGE_MS);
    assertThat(cache.levelOneGet("key")).as("what was cached before is gone").isNull();
  }

  /**
   * A renewal of the listing may fail once (cluster maps time out while a dead member's partitions move): the
   * listing has not run out, so level one must stay open and keep what it holds. Without a prompt retry the
   * next renewal came a whole period later, the gap counted as a lapse, and level one was dropped after every
   * member's death.
   */
  @Test
  void oneFailedRenewalOfTheListingDoesNotDropLevelOne() throws Exception {
    AtomicBoolean failPuts = new AtomicBoolean();
    AtomicInteger failedPuts = new AtomicInteger();
    ResponseCache cache = cache();
    // renewed each second; a gap of 1.5 s counts as a lapse, so the two-period gap a failed renewal leaves
    // without a retry is one whatever the timers' jitter (by default the gap, 20 s, is the bound itself)
    CachePeers peers = new CachePeers(vertx, 250, cache, () -> vertx.sharedData().<String, Long>getAsyncMap(CachePeers.MAP)
        .map(map -> failingPuts(map, failPuts, failedPuts)), new CachePeers.Listing(2_500, 1_000));
    await(peers.start());
    waitUntilOpen(peers);
    CachedResponse entry = CachedResponse.of("catalogue", cache.levelOne.invalidations.current(),
        System.currentTimeMillis() + 30_000, "\"h1\"", io.vertx.core.buffer.Buffer.buffer("{}"));
    cache.keepLocally("key", entry, true);

    failPuts.set(true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (failedPuts.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(failedPuts.get()).as("a renewal failed").isEqualTo(1);
    // past the next periodic renewal, and past the lapse bound counted from the last renewal before the failure
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
    while (System.nanoTime() < until) {
      assertThat(peers.knownToPeers()).as("level one stays open").isTrue();
      Thread.sleep(20);
    }
    assertThat(cache.levelOneGet("key")).as("what level one held is still there").isNotNull();
  }

  private ResponseCache cache() {
    return new ResponseCache(vertx, SETTINGS, Optional.empty(), 250, 1_000);
  }

  private void waitUntilOpen(CachePeers peers) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!peers.knownToPeers() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(peers.knownToPeers()).isTrue();
  }

  /** A map whose next put() fails once {@code fail} is set (it is cleared then; counted in {@code failed}). */
  @SuppressWarnings("unchecked")
  private static AsyncMap<String, Long> failingPuts(AsyncMap<String, Long> map, AtomicBoolean fail,
      AtomicInteger failed) {
    return (AsyncMap<String, Long>) java.lang.reflect.Proxy.newProxyInstance(CachePeersTest.class.getClassLoader(),
        new Class<?>[] {AsyncMap.class}, (proxy, method, args) -> {
          if (method.getName().equals("put") && fail.compareAndSet(true, false)) {
            failed.incrementAndGet();
            return Future.failedFuture("a member's partitions are moving");
          }
          return method.invoke(map, args);
        });
  }

  /** A map whose keys() answers only after every bound a list read has. */
  @SuppressWarnings("unchecked")
  private AsyncMap<String, Long> slowKeys(AsyncMap<String, Long> map) {
    return (AsyncMap<String, Long>) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {AsyncMap.class}, (proxy, method, args) -> {
          Object result = method.invoke(map, args);
          if (method.getName().equals("keys")) {
            Promise<Object> late = Promise.promise();
            vertx.setTimer(3_000, id -> ((Future<?>) result).onComplete(done -> late.tryComplete(done.result())));
            return late.future();
          }
          return result;
        });
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
