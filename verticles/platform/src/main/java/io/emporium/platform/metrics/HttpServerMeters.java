package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request-level meters of Vert.x's HTTP server metrics, with the names, labels and descriptions
 * vertx-micrometer gives them ({@code vertx_http_server_requests_total{method,route,code}},
 * {@code _response_time_seconds}, {@code _response_bytes}, {@code _request_bytes{method}},
 * {@code _active_requests{method}}, {@code _request_resets_total{method}}), each looked up once per
 * method, route and status and then kept.
 *
 * <p>Why not vertx-micrometer's own: in 5.0.8 it builds tag sets and asks the registry for five
 * meters on every request (and a gauge on every request begin), which cost the gateway's cached GET
 * path about a tenth of its throughput. One instance per Vert.x, shared by all its HTTP servers,
 * as vertx-micrometer shares its gauges.
 */
final class HttpServerMeters {
  private static final MetricsNaming NAMES =
      MetricsNaming.v4Names().withBaseName("vertx." + MetricsDomain.HTTP_SERVER.toCategory() + ".");

  /** The meters of one method: requests in progress, request sizes and resets. */
  record MethodMeters(HttpMethod method, LongAdder active, DistributionSummary requestBytes, Counter resets) {}

  /** The meters of one answer: its count, its time and its size. */
  record ResponseMeters(Counter requests, Timer time, DistributionSummary responseBytes) {
    void record(long nanos, long bytesWritten) {
      requests.increment();
      time.record(nanos, TimeUnit.NANOSECONDS);
      responseBytes.record(bytesWritten);
    }
  }

  private record ResponseKey(HttpMethod method, String route, int code) {}

  private final MeterRegistry registry;
  private final ConcurrentHashMap<HttpMethod, MethodMeters> byMethod = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ResponseKey, ResponseMeters> byResponse = new ConcurrentHashMap<>();

  HttpServerMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  MethodMeters of(HttpMethod method) {
    MethodMeters meters = byMethod.get(method);
    return meters != null ? meters : byMethod.computeIfAbsent(method, this::create);
  }

  ResponseMeters of(MethodMeters method, String route, int code) {
    ResponseKey key = new ResponseKey(method.method(), route, code);
    ResponseMeters meters = byResponse.get(key);
    return meters != null ? meters : byResponse.computeIfAbsent(key, this::create);
  }

  private MethodMeters create(HttpMethod method) {
    String name = method.name();
    LongAdder active = new LongAdder();
    Gauge.builder(NAMES.getHttpActiveRequests(), active, LongAdder::doubleValue)
        .description("Number of requests being processed").tag(Label.HTTP_METHOD.toString(), name)
        .strongReference(true).register(registry);
    return new MethodMeters(method, active,
        DistributionSummary.builder(NAMES.getHttpRequestBytes()).description("Size of requests in bytes")
            .tag(Label.HTTP_METHOD.toString(), name).register(registry),
        Counter.builder(NAMES.getHttpRequestResetsCount()).description("Number of request resets")
            .tag(Label.HTTP_METHOD.toString(), name).register(registry));
  }

  private ResponseMeters create(ResponseKey key) {
    String[] tags = {Label.HTTP_METHOD.toString(), key.method().name(), Label.HTTP_ROUTE.toString(), key.route(),
        Label.HTTP_CODE.toString(), Integer.toString(key.code())};
    return new ResponseMeters(
        Counter.builder(NAMES.getHttpRequestsCount()).description("Number of processed requests").tags(tags)
            .register(registry),
        Timer.builder(NAMES.getHttpResponseTime()).description("Request processing time").tags(tags)
            .register(registry),
        DistributionSummary.builder(NAMES.getHttpResponseBytes()).description("Size of responses in bytes").tags(tags)
            .register(registry));
  }
}
