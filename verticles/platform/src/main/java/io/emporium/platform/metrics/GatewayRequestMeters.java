package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own request metrics: {@code emporium_http_requests_total{route,method,status_class}},
 * {@code emporium_http_request_duration_seconds{route,method}} and the body sizes in
 * {@code emporium_http_payload_size_bytes{direction}}. They are recorded where Vert.x's request meters
 * are ({@link HttpServerRequestMetrics}), with the same clock reads and lookup, for the requests the
 * gateway's router handles: its first route is named {@link EmporiumMetrics#GATEWAY_ROUTE_NAME}, and
 * vertx-web reports it, so a management server's probes and scrapes are not counted as traffic.
 */
final class GatewayRequestMeters {
  /** The route label of a request that matched no route of the table (404, 405): one value, not the path. */
  static final String UNMATCHED = "unmatched";

  /** The meters of one answer as the gateway counts it: by route template, method and status class. */
  record AnswerMeters(Counter requests, Timer duration) {
    void record(long nanos) {
      requests.increment();
      duration.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private final EmporiumMetrics metrics;
  private volatile DistributionSummary requestSizes;
  private volatile DistributionSummary responseSizes;

  GatewayRequestMeters(EmporiumMetrics metrics) {
    this.metrics = metrics;
  }

  /** The meters of an answer to a request that {@code route} answered last ("" when none did). */
  AnswerMeters answer(String route, String method, int code) {
    String template = templateOf(route);
    return new AnswerMeters(metrics.httpRequests(template, method, code), metrics.httpDuration(template, method));
  }

  /** Size of a request body; a request without one (most GETs) is not a size, so it is not recorded. */
  void requestSize(long bytes) {
    if (bytes <= 0) {
      return;
    }
    DistributionSummary sizes = requestSizes;
    if (sizes == null) {
      requestSizes = sizes = metrics.payloadSizes("request");
    }
    sizes.record(bytes);
  }

  /** Size of a response body (an empty body counts, as 0). */
  void responseSize(long bytes) {
    DistributionSummary sizes = responseSizes;
    if (sizes == null) {
      responseSizes = sizes = metrics.payloadSizes("response");
    }
    sizes.record(bytes);
  }

  /**
   * A route template labels itself, and so does a route's name ({@code /docs/*}, the documentation's
   * assets); the catch-all routes and no route at all are "unmatched". vertx-web reports an unnamed prefix
   * route {@code /api/*} by its prefix, {@code /api/}; no route of the table ends in "/".
   */
  static String templateOf(String route) {
    return route == null || route.isEmpty() || route.endsWith("/") ? UNMATCHED : route;
  }
}
