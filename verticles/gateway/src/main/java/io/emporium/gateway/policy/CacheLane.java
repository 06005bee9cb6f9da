package io.emporium.gateway.policy;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.ClientAddresses;
import io.emporium.gateway.http.PassThroughRead;
import io.emporium.gateway.http.PreparedHeaders;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.http.RequestIds;
import io.emporium.gateway.http.SecurityHeaders;
import io.emporium.gateway.policy.cache.CacheExchange;
import io.emporium.gateway.policy.cache.CacheHandler;
import io.emporium.gateway.policy.cache.CachedResponse;
import io.emporium.gateway.policy.limits.InputLimits;
import io.emporium.gateway.policy.ratelimit.Decision;
import io.emporium.gateway.policy.ratelimit.RateLimitHandler;
import io.emporium.gateway.policy.stats.RequestLog;
import io.emporium.gateway.security.CallContexts;
import io.emporium.platform.mesh.CallContext;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public read's short way: a request that the router would answer through a cached GET route is
 * answered from the HTTP server's request handler, through the same policy objects called in the same
 * order (trace id, request id, client address, request log, security headers, input limits, rate limit,
 * cache), without vertx-web's route matching and routing context, which cost a fifth of a cached GET and
 * a sixth of an uncached one.
 *
 * <p>Only the plainest requests take it, and none when CORS is configured: GET, no query string, no body,
 * no token, a path with nothing to normalise, within the input limits, whose first matching route of the
 * table is a public cached one. A level-one hit is answered here; so is a miss or a bypass (Cache-Control
 * no-cache) of a route that declares its read ({@link PassThroughRead}: one resource by its one path
 * parameter), when the request picks no version and the parameter is one the contract and the route take:
 * the cache policy decides as for the router ({@link CacheHandler#laneRead}) and the lane makes the bus
 * call. Every other request goes to the router unchanged. Its answers are the router's, header for header
 * ({@code CacheLaneTest} compares them).
 */
public final class CacheLane implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(CacheLane.class);

  /**
   * A GET route of the table, in the table's order; {@code cache} null when the lane must leave it to the
   * router; {@code read} null when the lane answers only its hits, else the route's read and whether the
   * contract takes a plain request for a value of its one path parameter (at {@code parameterAt}).
   */
  record LaneRoute(String[] segments, String template, RateLimitHandler rateLimit, CacheHandler cache,
      PassThroughRead read, Predicate<String> contractAccepts, int parameterAt) {
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

  private CacheLane(Vertx vertx, Handler<HttpServerRequest> router, List<LaneRoute> routes,
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
    public void add(String template, io.emporium.gateway.http.Policy rateLimit, io.emporium.gateway.http.Policy cache,
        PassThroughRead read, Predicate<String> contractAccepts) {
      String[] segments = template.substring(1).split("/");
      int[] parameters = IntStream.range(0, segments.length).filter(i -> segments[i].startsWith(":")).toArray();
      if (read != null && parameters.length != 1) {
        throw new IllegalStateException(template + " declares a read by its path parameter but has "
            + parameters.length + " of them");
      }
      boolean readable = read != null;
      routes.add(new LaneRoute(segments, template, (RateLimitHandler) rateLimit,
          cache instanceof CacheHandler cached ? cached : null, readable ? read : null, contractAccepts,
          readable ? parameters[0] : -1));
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
      return new CacheLane(vertx, router, routes, clientAddresses, requestLog, inputLimits, traceIds);
    }
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = plain(request) ? request.path() : null;
    String[] segments = path == null || !path.startsWith("/api/") ? null : path.substring(1).split("/");
    LaneRoute route = segments == null ? null : route(segments);
    if (route == null) {
      router.handle(request);
      return;
    }
    CachedResponse hit = route.cache().laneHit(request);
    String value = hit == null ? readable(request, route, segments) : null;
    if (hit == null && value == null) {
      router.handle(request);
    } else if (hit != null) {
      guarded(request, () -> serve(request, route, exchange -> {
        exchange.cache = CacheHandler.HIT;
        route.cache().serveLaneHit(request, hit);
      }));
    } else {
      guarded(request, () -> serve(request, route, exchange -> exchange.read(route, value)));
    }
  }

  /**
   * The value of the route's path parameter when the lane can make the route's read itself (a miss or a
   * bypass of the cache), or null: the request picks no version (the router passes that choice on), and
   * the value is one the contract and the route's handler take (the router answers every other).
   */
  private static String readable(HttpServerRequest request, LaneRoute route, String[] segments) {
    if (route.read() == null || request.headers().contains(CallContexts.VARIANT_HEADER)
        || request.headers().contains(CallContexts.CANARY_HEADER)) {
      return null;
    }
    String value = segments[route.parameterAt()];
    return route.read().accepts().test(value) && route.contractAccepts().test(value) ? value : null;
  }

  /** What the router's pipeline does for a link run from a callback: a throw is answered 500, not lost. */
  private static void guarded(HttpServerRequest request, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failed(request, e);
    }
  }

  private static void failed(HttpServerRequest request, Throwable e) {
    LOG.error("the lane's answer to {} failed", request.path(), e);
    if (!request.response().headWritten()) {
      // the id the response already carries (assigned before the failure), so body and header agree
      String requestId = request.response().headers().get(RequestIds.HEADER);
      Problems.send(request, requestId != null ? requestId : RequestIds.assign(request, request.response()), 500,
          ErrorCode.INTERNAL.name(), "internal error");
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
  private LaneRoute route(String[] segments) {
    for (LaneRoute route : routes) {
      if (route.matches(segments)) {
        return route.cache() == null ? null : route;
      }
    }
    return null;
  }

  /** The router's handlers for this request, as plain calls in their order; {@code answer} is the cache's part. */
  private void serve(HttpServerRequest request, LaneRoute route, Consumer<Exchange> answer) {
    HttpServerResponse response = request.response();
    // the HTTP server metrics learn the request is the gateway's, and its route, as vertx-web tells them
    request.routed(EmporiumMetrics.GATEWAY_ROUTE_NAME);
    traceIds.handle(response);
    String client = clientAddresses.clientOf(request);
    Exchange exchange = new Exchange(System.nanoTime(), route.template(), RequestIds.assign(request, response),
        request, client);
    response.endHandler(exchange);
    SecurityHeaders.write(response);
    request.routed(route.template());
    RateLimitHandler rateLimit = route.rateLimit();
    if (!rateLimit.enabled()) {
      answer.accept(exchange);
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
        guarded(request, () -> answer.accept(exchange));
      } else {
        exchange.limited = true;
        Problems.send(request, exchange.requestId, ErrorCode.RATE_LIMITED.httpStatus(), ErrorCode.RATE_LIMITED.name(),
            rateLimit.refused(vertx, response, decision));
      }
    });
  }

  /**
   * One request on the lane: what the request log records when its response has ended, and what the
   * cache policy needs of it when the lane makes the route's read.
   */
  private final class Exchange implements Handler<Void>, CacheExchange {
    private final long startedNanos;
    private final String template;
    private final String requestId;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final String client;
    private boolean limited;
    private String cache;
    private Runnable onEnd;
    private boolean recorded;
    /** The route and its path parameter's value, when the lane makes the route's read. */
    private LaneRoute route;
    private String value;

    private Exchange(long startedNanos, String template, String requestId, HttpServerRequest request,
        String client) {
      this.startedNanos = startedNanos;
      this.template = template;
      this.requestId = requestId;
      this.request = request;
      this.response = request.response();
      this.client = client;
    }

    /** The route's read through its cache policy (a miss, or a bypass), the backend called by {@link #proceed}. */
    private void read(LaneRoute route, String value) {
      // the answer comes from the bus: the client may leave before it, which still goes into the request log
      response.closeHandler(this);
      this.route = route;
      this.value = value;
      route.cache().laneRead(this, value);
    }

    @Override
    public HttpServerRequest request() {
      return request;
    }

    @Override
    public Collection<String> fields() {
      return null;
    }

    @Override
    public void result(String result) {
      cache = result;
      response.putHeader(PreparedHeaders.X_CACHE, result);
    }

    @Override
    public void onEnd(Runnable action) {
      if (recorded) {
        action.run(); // ended, or the client left, already
        return;
      }
      Runnable before = onEnd;
      onEnd = before == null ? action : () -> {
        before.run();
        action.run();
      };
    }

    /** The route's handler's work, as {@code Dispatch.read} and {@code Replies.sendEncoded} do it. */
    @Override
    public void proceed(Answer answer) {
      CallContext context = CallContext.anonymous(requestId)
          .withClient(client, request.getHeader(HttpHeaders.USER_AGENT));
      route.read().call().apply(value, context).onComplete(done -> {
        if (response.ended() || response.closed()) {
          return; // a fill this answer would have completed was abandoned when the client left
        }
        guarded(request, () -> {
          if (done.failed()) {
            Problems.send(request, requestId, ServiceError.from(done.cause()));
          } else if (done.result() == null) {
            failed(request, new IllegalStateException("the service answered no body"));
          } else {
            answer.send(done.result().version(), done.result().body());
          }
        });
      });
    }

    /** The response ended, or the connection closed before it could. */
    @Override
    public void handle(Void ended) {
      if (recorded) {
        return;
      }
      recorded = true;
      if (onEnd != null) {
        onEnd.run();
      }
      requestLog.ended(startedNanos, HttpMethod.GET.name(), template, response.getStatusCode(),
          response.bytesWritten(), limited, cache, requestId, null);
    }
  }
}
