package io.emporium.gateway.monitoring;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code emporium_redis_up}: 1 while Redis answers a PING within the health timeout, 0 otherwise,
 * probed every few seconds by each gateway that has Redis configured (the "Redis unreachable" alert).
 * Its timer and connection end with the gateway verticle that started it.
 */
final class RedisProbe {
  static final long INTERVAL_MS = 5_000;
  static final String REDIS_UP = "emporium.redis.up";

  private RedisProbe() {}

  static void start(Vertx vertx, EmporiumMetrics metrics, String redisUrl, long timeoutMs) {
    AtomicInteger up = new AtomicInteger(-1);
    metrics.gauge(REDIS_UP, "1 when Redis answers this JVM's PING in time, 0 when not",
        () -> up.get() < 0 ? Double.NaN : up.get());
    Redis redis = Redis.createClient(vertx, redisUrl);
    vertx.setPeriodic(1, INTERVAL_MS, id -> Deadlines.within(vertx, redis.send(Request.cmd(Command.PING)), timeoutMs,
        "redis ping").onComplete(ping -> up.set(ping.succeeded() ? 1 : 0)));
  }
}
