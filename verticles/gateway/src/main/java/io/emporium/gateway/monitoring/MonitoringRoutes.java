package io.emporium.gateway.monitoring;

import io.emporium.contract.ErrorCode;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.http.RequestIds;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.AccessTokens;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The monitoring endpoints: {@code GET /metrics} (Prometheus text; an admin token or the scrape
 * token) and {@code GET /api/metrics/summary} (admin; a JSON digest of the same registry). Each is
 * audited (see {@link MonitoringAccess}). The gateway mounts both; the management server of any JVM
 * mounts /metrics.
 */
public final class MonitoringRoutes {
  public static final String METRICS_PATH = "/metrics";
  public static final String SUMMARY_PATH = "/api/metrics/summary";
  /** Before every other route: the audit must see requests that an earlier handler refuses. */
  private static final int FIRST = -1_000;
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final EmporiumMetrics metrics;
  private final MonitoringAccess access;

  public MonitoringRoutes(Vertx vertx, EmporiumMetrics metrics, MonitoringAccess access) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.access = access;
  }

  /** The routes of a gateway: a trace id on every route (which marks it for the request metrics), /metrics and the summary. */
  public static void mountOnGateway(Router router, Vertx vertx, EmporiumConfig config, AccessTokens tokens) {
    EmporiumMetrics metrics = EmporiumMetrics.of(vertx);
    MonitoringRoutes routes = new MonitoringRoutes(vertx, metrics,
        new MonitoringAccess(config.metricsToken(), Optional.of(tokens), metrics));
    // The name marks the requests this router handles: the HTTP server metrics count them as the gateway's.
    router.route().order(FIRST - 1).setName(EmporiumMetrics.GATEWAY_ROUTE_NAME).handler(new TraceIds());
    if (metrics.enabled()) {
      metrics.declareCacheLookups();
      config.redisUrl().ifPresent(url -> RedisProbe.start(vertx, metrics, url, config.timeouts().healthMs()));
    }
    routes.mountMetrics(router);
    routes.mountSummary(router, new MetricsSummary(metrics));
  }

  public void mountMetrics(Router router) {
    router.route(METRICS_PATH).order(FIRST).handler(access.audit(METRICS_PATH));
    router.get(METRICS_PATH).handler(access.check(true)).handler(this::scrape);
  }

  public void mountSummary(Router router, MetricsSummary summary) {
    router.route(SUMMARY_PATH).order(FIRST).handler(access.audit(SUMMARY_PATH));
    router.get(SUMMARY_PATH).handler(access.check(false)).handler(ctx -> {
      if (!metrics.enabled()) {
        metricsOff(ctx);
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
          .end(summary.build().toBuffer());
    });
  }

  private void scrape(RoutingContext ctx) {
    if (!metrics.enabled()) {
      metricsOff(ctx);
      return;
    }
    // Rendering a few thousand series takes milliseconds: off the event loop.
    vertx.executeBlocking(metrics::scrape, false).onComplete(text -> {
      if (text.failed()) {
        ctx.fail(text.cause());
        return;
      }
      ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).putHeader("Cache-Control", "no-store")
          .end(text.result());
    });
  }

  private static void metricsOff(RoutingContext ctx) {
    RequestIds.of(ctx);
    Problems.send(ctx, 404, ErrorCode.NOT_FOUND.name(), "metrics are switched off here (metrics.enabled=false)", null);
  }
}
