package io.emporium.gateway.policy;

import io.emporium.contract.ErrorCode;
import io.emporium.gateway.http.ClientAddresses;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.http.RequestIds;
import io.emporium.gateway.http.SecurityHeaders;
import io.emporium.gateway.policy.cache.CacheHandler;
import io.emporium.gateway.policy.cache.CachedResponse;
import io.emporium.gateway.policy.limits.InputLimits;
import io.emporium.gateway.policy.ratelimit.Decision;
import io.emporium.gateway.policy.ratelimit.RateLimitHandler;
import io.emporium.gateway.policy.stats.RequestLog;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached GET's short way: a request that the router would answer from the level-one cache is
 * answered from the HTTP server's request handler, through the same policy objects called in the same
 * order (trace id, request id, client address, request log, security headers, input limits, rate limit,
 * cache), without vertx-web's route matching and routing context, which cost a fifth of a cached GET.
 *
 * <p>Only the plainest requests take it, and none when CORS is configured: GET, no query string, no body,
 * no token, no cache directive or version choice, a path with nothing to normalise, within the input limits, whose
 * first matching route of the table is a public cached one; and only when level one holds the answer.
 * Every other request, every miss among them, goes to the router unchanged. Its answers are the
 * router's, header for header ({@code CacheHitLaneTest} compares them).
 */
public final class CacheHitLane implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(CacheHitLane.class);

  /** A GET route of the table, in the table's order; {@code cache} null when the lane must leave it to the router. */
  record LaneRoute(String[] segments, String template, RateLimitHandler rateLimit, CacheHandler cache) {
    boolean matches(String[] path) {
      if (path.length != segments.length) {
        return false;
      }
      for (int i = 0; i < segments.length; i++) {
        if (!segments[i].startsWith(":") && !segments[i].equals(path[i])) {
          return false;
        }
      }
      return true;
    }
  }

  private final Vertx vertx;
  private final Handler<HttpServerRequest> router;
  private final LaneRoute[] routes;
  private final ClientAddresses clientAddresses;
  private final RequestLog requestLog;
  private final InputLimits inputLimits;
  private final Handler<HttpServerResponse> traceIds;

  private CacheHitLane(Vertx vertx, Handler<HttpServerRequest> router, List<LaneRoute> routes,
      ClientAddresses clientAddresses, RequestLog requestLog, InputLimits inputLimits,
      Handler<HttpServerResponse> traceIds) {
    this.vertx = vertx;
    this.router = router;
    this.routes = routes.toArray(LaneRoute[]::new);
    this.clientAddresses = clientAddresses;
    this.requestLog = requestLog;
    this.inputLimits = inputLimits;
    this.traceIds = traceIds;
  }

  /** Collects the table's GET routes in the order the router tries them. */
  public static final class Builder {
    private final List<LaneRoute> routes = new ArrayList<>();

    /**
     * A GET route of the table, with its rate-limit and cache policies; a route without the GET cache stops
     * the lane there (the router answers).
     */
    public void add(String template, io.emporium.gateway.http.Policy rateLimit, io.emporium.gateway.http.Policy cache) {
      routes.add(new LaneRoute(template.substring(1).split("/"), template, (RateLimitHandler) rateLimit,
          cache instanceof CacheHandler cached ? cached : null));
    }

    /** @param traceIds writes the request's trace id on its response, as the router's first route does */
    public Handler<HttpServerRequest> build(Vertx vertx, Handler<HttpServerRequest> router,
        ClientAddresses clientAddresses, RequestLog requestLog, InputLimits inputLimits,
        Handler<HttpServerResponse> traceIds, boolean cors) {
      if (cors || routes.stream().allMatch(route -> route.cache() == null)) {
        // the cache is off: nothing could take the short way; or CORS is on, whose answers vary by Origin
        // (vertx-web's CorsHandler says so in Vary on every answer): the router keeps them whole
        return router;
      }
      return new CacheHitLane(vertx, router, routes, clientAddresses, requestLog, inputLimits, traceIds);
    }
  }

  @Override
  public void handle(HttpServerRequest request) {
    LaneRoute route = plain(request) ? route(request.path()) : null;
    CachedResponse hit = route == null ? null : route.cache().laneHit(request);
    if (hit == null) {
      router.handle(request);
      return;
    }
    try {
      serve(request, route, hit);
    } catch (RuntimeException e) {
      LOG.error("cached answer to {} failed", request.path(), e);
      if (!request.response().headWritten()) {
        // the id the response already carries (assigned before the failure), so body and header agree
        String requestId = request.response().headers().get(RequestIds.HEADER);
        Problems.send(request, requestId != null ? requestId : RequestIds.assign(request, request.response()), 500,
            ErrorCode.INTERNAL.name(), "internal error");
      }
    }
  }

  /** What the router would take the same way whatever route it matched; anything else goes to it. */
  private boolean plain(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET || request.query() != null) {
      return false;
    }
    String path = request.path();
    if (path.indexOf('%') >= 0 || path.contains("//") || path.contains("/.") || path.endsWith("/")) {
      return false; // vertx-web would normalise it first
    }
    var headers = request.headers();
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    return !headers.contains(HttpHeaders.AUTHORIZATION) && (length == null || length.equals("0"))
        && !headers.contains(HttpHeaders.TRANSFER_ENCODING) && inputLimits.plainRequestWithin(request);
  }

  /** The first GET route of the table whose path matches, if it is a cached one. */
  private LaneRoute route(String path) {
    if (!path.startsWith("/api/")) {
      return null;
    }
    String[] segments = path.substring(1).split("/");
    for (LaneRoute route : routes) {
      if (route.matches(segments)) {
        return route.cache() == null ? null : route;
      }
    }
    return null;
  }

  /** The router's handlers for this request, as plain calls in their order. */
  private void serve(HttpServerRequest request, LaneRoute route, CachedResponse hit) {
    HttpServerResponse response = request.response();
    // the HTTP server metrics learn the request is the gateway's, and its route, as vertx-web tells them
    request.routed(EmporiumMetrics.GATEWAY_ROUTE_NAME);
    traceIds.handle(response);
    Exchange exchange = new Exchange(System.nanoTime(), route.template(), RequestIds.assign(request, response),
        response);
    String client = clientAddresses.clientOf(request);
    response.endHandler(exchange);
    SecurityHeaders.write(response);
    request.routed(route.template());
    RateLimitHandler rateLimit = route.rateLimit();
    if (!rateLimit.enabled()) {
      exchange.cache = CacheHandler.HIT;
      route.cache().serveLaneHit(request, hit);
      return;
    }
    io.vertx.core.Future<Decision> checked = rateLimit.check(client, null);
    if (!checked.isComplete()) {
      // a Redis bucket: the client may leave before the answer, which still goes into the request log
      response.closeHandler(exchange);
    }
    checked.onComplete(result -> {
      Decision decision = RateLimitHandler.decided(result, response);
      if (decision.allowed()) {
        exchange.cache = CacheHandler.HIT;
        route.cache().serveLaneHit(request, hit);
      } else {
        exchange.limited = true;
        Problems.send(request, exchange.requestId, ErrorCode.RATE_LIMITED.httpStatus(), ErrorCode.RATE_LIMITED.name(),
            rateLimit.refused(vertx, response, decision));
      }
    });
  }

  /** One request on the lane: what the request log records when its response has ended. */
  private final class Exchange implements Handler<Void> {
    private final long startedNanos;
    private final String template;
    private final String requestId;
    private final HttpServerResponse response;
    private boolean limited;
    private String cache;

    private Exchange(long startedNanos, String template, String requestId, HttpServerResponse response) {
      this.startedNanos = startedNanos;
      this.template = template;
      this.requestId = requestId;
      this.response = response;
    }

    private boolean recorded;

    /** The response ended, or the connection closed before it could. */
    @Override
    public void handle(Void ended) {
      if (recorded) {
        return;
      }
      recorded = true;
      requestLog.ended(startedNanos, HttpMethod.GET.name(), template, response.getStatusCode(),
          response.bytesWritten(), limited, cache, requestId, null);
    }
  }
}
