package io.emporium.gateway.policy.stats;

import io.emporium.gateway.accesslog.AccessLine;
import io.emporium.gateway.accesslog.AccessLog;
import io.emporium.gateway.http.RequestIds;
import io.emporium.gateway.http.Step;
import io.emporium.gateway.policy.cache.CacheHandler;
import io.emporium.gateway.policy.ratelimit.RateLimitHandler;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.security.Identity;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * When a request's response has ended: its facts into the per-route statistics and one access line
 * (handed to the asynchronous {@link AccessLog}, never written on the event loop). The route is its
 * template ({@code /api/products/:id}), never the raw path.
 */
public final class RequestLog implements Handler<RoutingContext>, Step {
  private final GatewayStats stats;
  private final AccessLog accessLog;
  private final String instance;

  public RequestLog(GatewayStats stats, AccessLog accessLog, String instance) {
    this.stats = stats;
    this.accessLog = accessLog;
    this.instance = instance;
  }

  @Override
  public boolean apply(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> {
      int status = ctx.response().getStatusCode();
      String user = accessLog.enabled() ? Authentication.identity(ctx).map(Identity::userId).orElse(null) : null;
      ended(started, ctx.request().method().name(), template(ctx, status), status, ctx.response().bytesWritten(),
          Boolean.TRUE.equals(ctx.get(RateLimitHandler.LIMITED_KEY)), ctx.get(CacheHandler.RESULT_KEY),
          RequestIds.of(ctx), user);
    });
    return true;
  }

  /**
   * One request's facts once its response has ended: into the route's statistics, and one access line.
   *
   * @param cache the cache's result (HIT, MISS, BYPASS), or null on a route without cache
   */
  public void ended(long startedNanos, String method, String template, int status, long bytesWritten,
      boolean limited, String cache, String requestId, String user) {
    long micros = (System.nanoTime() - startedNanos) / 1_000;
    stats.record(method, template, status, micros, limited, cache);
    if (accessLog.enabled()) {
      accessLog.record(new AccessLine(System.currentTimeMillis(), requestId, method, template, status,
          bytesWritten, micros, user, instance, cache));
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (apply(ctx)) {
      ctx.next();
    }
  }


  private static String template(RoutingContext ctx, int status) {
    Route route = ctx.currentRoute();
    if (route == null || route.getPath() == null || (status == 404 && route.getPath().endsWith("/"))) {
      return status == 404 ? "(no route)" : "(other)";
    }
    return route.getPath();
  }
}
