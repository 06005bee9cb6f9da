package io.emporium.gateway.policy.stats;

import io.emporium.gateway.RequestIds;
import io.emporium.gateway.policy.cache.CacheHandler;
import io.emporium.gateway.policy.ratelimit.RateLimitHandler;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.security.Identity;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured log line per request, when its response has ended, with SLF4J 2 key-value pairs (a
 * JSON encoder renders them as fields; the text is readable on its own), and the same facts into
 * the per-route statistics. The route is its template ({@code /api/products/:id}), never the raw path.
 */
public final class RequestLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("emporium.access");

  private final GatewayStats stats;
  private final String instance;

  public RequestLog(GatewayStats stats, String instance) {
    this.stats = stats;
    this.instance = instance;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> {
      long micros = (System.nanoTime() - started) / 1_000;
      int status = ctx.response().getStatusCode();
      String method = ctx.request().method().name();
      String route = method + " " + template(ctx, status);
      String cache = ctx.get(CacheHandler.RESULT_KEY);
      boolean limited = Boolean.TRUE.equals(ctx.get(RateLimitHandler.LIMITED_KEY));
      stats.record(route, status, micros, limited, cache);
      if (LOG.isInfoEnabled()) {
        long bytes = ctx.response().bytesWritten();
        String user = Authentication.identity(ctx).map(Identity::userId).orElse(null);
        LOG.atInfo().addKeyValue("requestId", RequestIds.of(ctx)).addKeyValue("method", method)
            .addKeyValue("route", route.substring(method.length() + 1)).addKeyValue("status", status)
            .addKeyValue("bytes", bytes).addKeyValue("latencyMs", micros / 1000.0).addKeyValue("userId", user)
            .addKeyValue("instance", instance).addKeyValue("cache", cache)
            .log("{} {} {}B {}ms{}", route, status, bytes, micros / 1000.0, cache == null ? "" : " cache=" + cache);
      }
    });
    ctx.next();
  }

  private static String template(RoutingContext ctx, int status) {
    Route route = ctx.currentRoute();
    if (route == null || route.getPath() == null || (status == 404 && route.getPath().endsWith("/"))) {
      return status == 404 ? "(no route)" : "(other)";
    }
    return route.getPath();
  }
}
