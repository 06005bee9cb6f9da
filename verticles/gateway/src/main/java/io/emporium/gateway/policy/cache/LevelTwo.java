package io.emporium.gateway.policy.cache;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second cache level in Redis, shared by every gateway. It keeps its own invalidation sequence in
 * Redis (one {@code INCR} per invalidation, the scope's mark set to it), and each operation is one Lua
 * script, so a read and its validity check, or a fill and its "not invalidated meanwhile" check, are
 * atomic. Redis is never waited on longer than its timeout; after a failure it rests for a second
 * and the gateway serves from level one alone.
 */
final class LevelTwo {
  private static final Logger LOG = LoggerFactory.getLogger(LevelTwo.class);
  static final String PREFIX = "emporium:cache:";
  private static final String SEQUENCE = PREFIX + "seq";
  private static final long REST_MS = 1_000;
  private static final String GET = """
      local v = redis.call('GET', KEYS[1])
      if v then
        local filled = tonumber(string.sub(v, 1, string.find(v, '\\n', 1, true) - 1))
        local a = tonumber(redis.call('GET', KEYS[2]) or '0')
        local b = tonumber(redis.call('GET', KEYS[3]) or '0')
        if filled >= a and filled >= b then return {1, v} end
      end
      return {0, redis.call('GET', KEYS[4]) or '0'}
      """;
  private static final String PUT = """
      local a = tonumber(redis.call('GET', KEYS[2]) or '0')
      local b = tonumber(redis.call('GET', KEYS[3]) or '0')
      if a > tonumber(ARGV[1]) or b > tonumber(ARGV[1]) then return 0 end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1
      """;
  private static final String INVALIDATE = """
      local s = redis.call('INCR', KEYS[1])
      for i = 2, #KEYS do redis.call('SET', KEYS[i], s, 'PX', ARGV[1]) end
      return s
      """;

  /** A hit, or the sequence a fill must be checked against. */
  record Lookup(Hit hit, long sequence) {}

  /** An answer found in Redis: its identity form and tag (the gzip form is made again from it). */
  record Hit(String etag, Buffer body) {}

  private final Vertx vertx;
  private final Redis redis;
  private final long timeoutMs;
  private final long retentionMs;
  private volatile long restingUntil;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder stores = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder skipped = new LongAdder();

  private final EmporiumMetrics metrics;

  LevelTwo(Vertx vertx, Redis redis, long timeoutMs, long retentionMs) {
    this.vertx = vertx;
    this.metrics = EmporiumMetrics.of(vertx);
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.retentionMs = retentionMs;
  }

  boolean available() {
    if (System.currentTimeMillis() < restingUntil) {
      skipped.increment();
      return false;
    }
    return true;
  }

  Future<Lookup> get(String key, String scope) {
    Request request = Request.cmd(Command.EVAL).arg(GET).arg(4).arg(PREFIX + "e:" + key)
        .arg(PREFIX + "inv:" + scope).arg(PREFIX + "inv:" + Invalidations.EVERYTHING).arg(SEQUENCE);
    return bounded(redis.send(request), "cache read").map(reply -> {
      if (reply.get(0).toInteger() == 1) {
        hits.increment();
        metrics.cacheLookup("l2", true);
        return new Lookup(decode(reply.get(1).toBuffer()), 0);
      }
      misses.increment();
      metrics.cacheLookup("l2", false);
      return new Lookup(null, Long.parseLong(reply.get(1).toString()));
    });
  }

  /** Fire and forget for the caller; failures only count. */
  Future<Void> put(String key, long sequence, CachedResponse entry, long ttlMs) {
    Request request = Request.cmd(Command.EVAL).arg(PUT).arg(3).arg(PREFIX + "e:" + key)
        .arg(PREFIX + "inv:" + entry.scope()).arg(PREFIX + "inv:" + Invalidations.EVERYTHING)
        .arg(sequence).arg(encode(sequence, entry)).arg(ttlMs);
    return bounded(redis.send(request), "cache fill").map(reply -> {
      if (reply.toInteger() == 1) {
        stores.increment();
      }
      return null;
    });
  }

  /**
   * Tried even while resting (a skipped invalidation would leave other gateways a stale entry), with
   * its own, longer bound: a write may wait a little, a read should not.
   */
  Future<Void> invalidate(List<String> scopes, long invalidationTimeoutMs) {
    Request request = Request.cmd(Command.EVAL).arg(INVALIDATE).arg(scopes.size() + 1).arg(SEQUENCE);
    scopes.forEach(scope -> request.arg(PREFIX + "inv:" + scope));
    request.arg(retentionMs);
    return bounded(redis.send(request), "cache invalidation", Math.max(timeoutMs, invalidationTimeoutMs)).mapEmpty();
  }

  private Future<Response> bounded(Future<Response> call, String what) {
    return bounded(call, what, timeoutMs);
  }

  private Future<Response> bounded(Future<Response> call, String what, long ms) {
    return Deadlines.within(vertx, call, ms, "redis " + what).onFailure(e -> {
      failures.increment();
      if (restingUntil < System.currentTimeMillis()) {
        LOG.warn("Redis failed a {} ({}): serving from the in-process cache alone for a while", what, e.getMessage());
      }
      restingUntil = System.currentTimeMillis() + REST_MS;
    });
  }

  /** {@code <sequence>\n<etag>\n<body>}: the sequence first, so the script can read it. */
  private static Buffer encode(long sequence, CachedResponse entry) {
    return Buffer.buffer(sequence + "\n" + entry.etag() + "\n").appendBuffer(entry.body());
  }

  private static Hit decode(Buffer value) {
    String text = value.toString(StandardCharsets.UTF_8);
    int first = text.indexOf('\n');
    int second = text.indexOf('\n', first + 1);
    byte[] head = text.substring(0, second + 1).getBytes(StandardCharsets.UTF_8);
    return new Hit(text.substring(first + 1, second), value.slice(head.length, value.length()));
  }

  String state() {
    return System.currentTimeMillis() < restingUntil ? "DOWN" : "UP";
  }

  JsonObject stats() {
    long h = hits.sum();
    long m = misses.sum();
    return new JsonObject().put("status", state()).put("hits", h).put("misses", m)
        .put("hitRatio", h + m == 0 ? 0.0 : (double) h / (h + m)).put("stores", stores.sum())
        .put("failures", failures.sum()).put("skippedWhileDown", skipped.sum());
  }
}
