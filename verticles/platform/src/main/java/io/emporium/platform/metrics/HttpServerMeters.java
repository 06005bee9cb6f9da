package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request-level meters of Vert.x's HTTP server metrics, with the names, labels and descriptions
 * vertx-micrometer gives them ({@code vertx_http_server_requests_total{method,route,code}},
 * {@code _request_bytes{method}}, {@code _active_requests{method}},
 * {@code _request_resets_total{method}}), found per method, then
 * route, then status code, each level created once and kept; a gateway request's own meters
 * ({@link GatewayRequestMeters}) hang on the same answer, so one lookup serves both families.
 *
 * <p>Why not vertx-micrometer's own: in 5.0.8 it builds tag sets and asks the registry for five
 * meters on every request (and a gauge on every request begin), which cost the gateway's cached GET
 * path about a tenth of its throughput. One instance per Vert.x, shared by all its HTTP servers,
 * as vertx-micrometer shares its gauges.
 *
 * <p>Not {@code vertx_http_server_response_time_seconds}: it timed the same requests as
 * {@code emporium_http_request_duration_seconds}, by exact status code on top (16 series per route,
 * method and code, 1,296 of 3,027 series after a short workload). One request-duration family is kept,
 * the gateway's; a management server's probes and scrapes are counted here, not timed. Nor
 * {@code _response_bytes} by method, route and code (297 series after the contract workload): the
 * gateway's {@code emporium_http_payload_size_bytes{direction}} sizes the same answers.
 */
final class HttpServerMeters {
  private static final MetricsNaming NAMES =
      MetricsNaming.v4Names().withBaseName("vertx." + MetricsDomain.HTTP_SERVER.toCategory() + ".");
  /** The label of a method outside HTTP's registered ones: any token is a method, so the label would be unbounded. */
  static final String OTHER_METHOD = "OTHER";

  private final MeterRegistry registry;
  private final GatewayRequestMeters gateway;
  /** Copied on write (a handful of methods, rarely a new one): a request finds its method by identity. */
  private volatile MethodMeters[] methods = new MethodMeters[0];

  HttpServerMeters(MeterRegistry registry, GatewayRequestMeters gateway) {
    this.registry = registry;
    this.gateway = gateway;
  }

  GatewayRequestMeters gateway() {
    return gateway;
  }

  MethodMeters of(HttpMethod method) {
    for (MethodMeters known : methods) {
      if (known.method == method) {
        return known;
      }
    }
    return add(method);
  }

  private synchronized MethodMeters add(HttpMethod method) {
    String label = HttpMethod.values().contains(method) ? method.name() : OTHER_METHOD;
    MethodMeters[] known = methods;
    for (MethodMeters meters : known) {
      if (meters.method == method || meters.label.equals(label)) {
        return meters;
      }
    }
    MethodMeters created = new MethodMeters(method, label);
    methods = appended(known, created);
    return created;
  }

  /** A copy of {@code known} with {@code added} at the end (the copy-on-write arrays grow rarely). */
  private static <T> T[] appended(T[] known, T added) {
    T[] grown = Arrays.copyOf(known, known.length + 1);
    grown[known.length] = added;
    return grown;
  }

  /** The meters of one method: requests in progress, request sizes, resets, and its answers by route. */
  final class MethodMeters {
    private final HttpMethod method;
    private final String label;
    final LongAdder active = new LongAdder();
    final DistributionSummary requestBytes;
    final Counter resets;
    private final ConcurrentHashMap<String, RouteMeters> routes = new ConcurrentHashMap<>();

    private MethodMeters(HttpMethod method, String label) {
      this.method = method;
      this.label = label;
      Gauge.builder(NAMES.getHttpActiveRequests(), active, LongAdder::doubleValue)
          .description("Number of requests being processed").tag(Label.HTTP_METHOD.toString(), label)
          .strongReference(true).register(registry);
      requestBytes = DistributionSummary.builder(NAMES.getHttpRequestBytes()).description("Size of requests in bytes")
          .tag(Label.HTTP_METHOD.toString(), label).register(registry);
      resets = Counter.builder(NAMES.getHttpRequestResetsCount()).description("Number of request resets")
          .tag(Label.HTTP_METHOD.toString(), label).register(registry);
    }

    /** The meters of an answer to this method on {@code route} (the route's own string: its hash is kept). */
    ResponseMeters answer(String route, int code) {
      RouteMeters byCode = routes.get(route);
      if (byCode == null) {
        byCode = routes.computeIfAbsent(route, RouteMeters::new);
      }
      return byCode.of(code);
    }

    /** The answers of one method and route by status code, a few at most: copied on write. */
    private final class RouteMeters {
      private final String route;
      private volatile ResponseMeters[] byCode = new ResponseMeters[0];

      private RouteMeters(String route) {
        this.route = route;
      }

      ResponseMeters of(int code) {
        for (ResponseMeters known : byCode) {
          if (known.code == code) {
            return known;
          }
        }
        return add(code);
      }

      private synchronized ResponseMeters add(int code) {
        ResponseMeters[] known = byCode;
        for (ResponseMeters meters : known) {
          if (meters.code == code) {
            return meters;
          }
        }
        ResponseMeters created = new ResponseMeters(label, route, code);
        byCode = appended(known, created);
        return created;
      }
    }
  }

  /** The meters of one answer (method, route, status): its count. */
  final class ResponseMeters {
    private final String method;
    private final String route;
    private final int code;
    private final Counter requests;
    /** The gateway's meters of the same answer, made at its first gateway request. */
    private volatile GatewayRequestMeters.AnswerMeters gatewayMeters;

    private ResponseMeters(String method, String route, int code) {
      this.method = method;
      this.route = route;
      this.code = code;
      String[] tags = {Label.HTTP_METHOD.toString(), method, Label.HTTP_ROUTE.toString(), route,
          Label.HTTP_CODE.toString(), Integer.toString(code)};
      requests = Counter.builder(NAMES.getHttpRequestsCount()).description("Number of processed requests").tags(tags)
          .register(registry);
    }

    void record() {
      requests.increment();
    }

    GatewayRequestMeters.AnswerMeters gateway() {
      GatewayRequestMeters.AnswerMeters meters = gatewayMeters;
      if (meters == null) {
        gatewayMeters = meters = gateway.answer(route, method, code);
      }
      return meters;
    }
  }
}
