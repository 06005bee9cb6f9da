package io.emporium.gateway.monitoring;

import io.emporium.platform.metrics.EmporiumMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts and times every request by its route template ({@code /api/products/:id}, never the path),
 * method and status class, and records body sizes. Mounted first, so that refusals count too.
 */
public final class RequestMetrics implements Handler<RoutingContext> {
  /** The label of a request that matched no route of the table (404, 405): one value, not the path. */
  static final String UNMATCHED = "unmatched";

  private final EmporiumMetrics metrics;

  public RequestMetrics(EmporiumMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addBodyEndHandler(v -> {
      int status = ctx.response().getStatusCode();
      metrics.httpRequest(routeOf(ctx), ctx.request().method().name(), status, System.nanoTime() - start);
      metrics.requestSize(ctx.request().bytesRead());
      metrics.responseSize(ctx.response().bytesWritten());
    });
    ctx.next();
  }

  /** The template of the route that answered; catch-all and handler-only routes are not templates. */
  static String routeOf(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    String path = route == null ? null : route.getPath();
    if (path == null || path.endsWith("*") || path.isEmpty()) {
      return UNMATCHED;
    }
    return path;
  }
}
