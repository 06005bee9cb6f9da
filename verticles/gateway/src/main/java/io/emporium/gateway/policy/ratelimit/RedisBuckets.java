package io.emporium.gateway.policy.ratelimit;

import io.emporium.gateway.policy.ratelimit.Decision.BucketState;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Token buckets kept in Redis, so every gateway shares one count: one Lua script per check reads,
 * refills and takes from all of a request's buckets atomically (a token from each or from none), with
 * Redis's own clock, so the gateways' clocks do not matter. Keys expire once a bucket would be full.
 */
final class RedisBuckets {
  static final String KEY_PREFIX = "emporium:rl:";
  private static final String SCRIPT = """
      local now = redis.call('TIME')
      local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      local tokens = {}
      local allowed = 1
      for i = 1, #KEYS do
        local rate = tonumber(ARGV[2 * i - 1])
        local burst = tonumber(ARGV[2 * i])
        local state = redis.call('HMGET', KEYS[i], 't', 'ts')
        local t = tonumber(state[1])
        local ts = tonumber(state[2])
        if t == nil or ts == nil then t = burst; ts = nowMs end
        t = math.min(burst, t + math.max(0, nowMs - ts) * rate)
        tokens[i] = t
        if t < 1 then allowed = 0 end
      end
      local out = {allowed}
      for i = 1, #KEYS do
        local rate = tonumber(ARGV[2 * i - 1])
        local burst = tonumber(ARGV[2 * i])
        local t = tokens[i]
        if allowed == 1 then t = t - 1 end
        redis.call('HSET', KEYS[i], 't', tostring(t), 'ts', tostring(nowMs))
        redis.call('PEXPIRE', KEYS[i], math.ceil(burst / rate) + 1000)
        out[#out + 1] = tostring(t)
      end
      return out
      """;
  private static final String SHA = sha1(SCRIPT);

  private final Redis redis;

  RedisBuckets(Redis redis) {
    this.redis = redis;
  }

  /** Loads the script and opens a connection ahead of the first request, which would otherwise pay for both. */
  Future<Void> warmUp() {
    return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)).mapEmpty();
  }

  Future<Decision> check(List<BucketKey> keys) {
    return redis.send(script(Command.EVALSHA, SHA, keys))
        .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
            ? redis.send(script(Command.EVAL, SCRIPT, keys)) : Future.failedFuture(e))
        .map(reply -> decision(keys, reply));
  }

  private static Request script(Command command, String script, List<BucketKey> keys) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(key -> request.arg(KEY_PREFIX + key.id()));
    // the rate per millisecond, since the script counts in Redis milliseconds
    keys.forEach(key -> request.arg(Double.toString(key.policy().rate() / 1000.0)).arg(key.policy().burst()));
    return request;
  }

  private static Decision decision(List<BucketKey> keys, Response reply) {
    boolean allowed = reply.get(0).toInteger() == 1;
    List<BucketState> states = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      BucketKey key = keys.get(i);
      states.add(new BucketState(key.policy().name(), key.policy().burst(),
          Double.parseDouble(reply.get(i + 1).toString()), key.policy().rate()));
    }
    return Decision.of(allowed, states);
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
