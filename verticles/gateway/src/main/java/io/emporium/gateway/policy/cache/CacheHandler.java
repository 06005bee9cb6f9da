package io.emporium.gateway.policy.cache;

import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.security.Identity;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache policy of one public GET route, after the access check: answers from level one, else
 * level two, else lets the route call the backend once per key (concurrent misses wait for that call)
 * and stores the answer on its way out ({@link CacheReplies}). The key holds everything that changes
 * the body, but for the encoding, which the entry holds both of: path, query and the caller's roles.
 */
public final class CacheHandler implements Policy {
  public static final String RESULT_KEY = "emporium.cacheResult";
  private static final String PRODUCT_ROUTE = "/api/products/:id";
  /** The roles part of the key of a request without a token. */
  private static final String ANONYMOUS = "-";
  public static final String HIT = "HIT";
  private final ResponseCache cache;
  private final String route;
  private final long ttlMs;

  CacheHandler(ResponseCache cache, ApiRoute route) {
    this.cache = cache;
    this.route = route.path();
    this.ttlMs = cache.settings.ttlOf(route.path()) * 1000L;
  }

  /** Whether the route's answers are versions of one resource (tagged by version, not by hash). */
  boolean versioned() {
    return route.equals(PRODUCT_ROUTE);
  }

  ResponseCache cache() {
    return cache;
  }

  @Override
  public void apply(RoutingContext ctx, Handler<RoutingContext> next) {
    ctx.put(CacheReplies.ROUTE_KEY, this);
    RoutedExchange exchange = new RoutedExchange(ctx, next);
    decide(exchange, bypasses(ctx.request()) ? null : key(ctx), versioned() ? ctx.pathParam("id") : null);
  }

  /**
   * For the cache lane: a plain anonymous request of this route (no query string, no field selection,
   * the route's one path parameter {@code value}) that level one could not answer, decided as {@link #apply}
   * decides; {@code exchange} makes the backend call.
   */
  public void laneRead(CacheExchange exchange, String value) {
    HttpServerRequest request = exchange.request();
    cache.laneAnswers.increment();
    decide(exchange, bypasses(request) ? null : key(request.path(), "", ANONYMOUS), versioned() ? value : null);
  }

  /**
   * Level one, a fill in flight, else level two, else the backend; {@code key} null when the request
   * bypasses the cache.
   */
  private void decide(CacheExchange exchange, String key, String id) {
    if (key == null) {
      cache.bypassed.increment();
      exchange.result("BYPASS");
      exchange.proceed((version, body) -> CacheReplies.send(exchange, this, null, version, body));
      return;
    }
    String scope = versioned() ? Invalidations.productScope(id) : Invalidations.CATALOGUE;
    CachedResponse hit = cache.levelOneGet(key);
    if (hit != null) {
      serve(exchange, hit, "HIT");
      return;
    }
    CacheFill running = cache.inFlight.get(key);
    if (running != null) {
      cache.coalesced.increment();
      running.future().onComplete(done -> {
        if (done.succeeded() && cache.levelOne.invalidations.valid(scope, done.result().filledAt())) {
          serve(exchange, done.result(), "MISS");
        } else {
          fill(exchange, key, scope);
        }
      });
      return;
    }
    fill(exchange, key, scope);
  }

  /**
   * Whether the cache must neither answer the request nor keep its answer: the client asked for a fresh
   * one, or picks a version (X-Emporium-Variant, X-Emporium-Canary), which must reach that version (the
   * key does not hold the version).
   */
  private static boolean bypasses(HttpServerRequest request) {
    String requestCacheControl = request.getHeader("Cache-Control");
    return requestCacheControl != null && (requestCacheControl.contains("no-cache")
        || requestCacheControl.contains("no-store"))
        || request.getHeader(io.emporium.gateway.security.CallContexts.VARIANT_HEADER) != null
        || request.getHeader(io.emporium.gateway.security.CallContexts.CANARY_HEADER) != null;
  }

  /**
   * For the cache lane: the level-one answer to an anonymous request without query string or
   * {@code fields} (the lane takes no other), or null: no such answer, or the request bypasses the cache
   * (then the lane makes the read through {@link #laneRead}, or leaves it to the router). Not counted as
   * a lookup: {@link #laneRead} and the router count their own.
   */
  public CachedResponse laneHit(HttpServerRequest request) {
    return bypasses(request) ? null : cache.levelOnePeek(key(request.path(), "", ANONYMOUS));
  }

  /** Answers a lane hit exactly as {@link #apply} answers a level-one hit. */
  public void serveLaneHit(HttpServerRequest request, CachedResponse hit) {
    cache.levelOne.counted(true);
    cache.laneAnswers.increment();
    request.response().putHeader(io.emporium.gateway.http.PreparedHeaders.X_CACHE, HIT);
    CacheReplies.write(request, request.response(), hit, cache);
  }

  /** Level two, then the backend; this request's answer completes the fill others may wait on. */
  private void fill(CacheExchange exchange, String key, String scope) {
    CacheFill fill = new CacheFill(key, scope, cache.levelOne.invalidations.current(), ttlMs, cache.fillMayKeep());
    cache.inFlight.put(key, fill);
    fill.future().onComplete(done -> cache.inFlight.remove(key, fill));
    exchange.onEnd(fill::abandon);
    if (cache.levelTwo.isEmpty() || !cache.levelTwo.get().available()) {
      proceed(exchange, fill);
      return;
    }
    cache.levelTwo.get().get(key, scope).onComplete(lookup -> {
      if (lookup.succeeded() && lookup.result().hit() != null) {
        CachedResponse entry = fill.entry(lookup.result().hit().etag(), lookup.result().hit().body());
        cache.keepLocally(key, entry, fill.mayKeepLocally);
        fill.complete(entry);
        serve(exchange, entry, "HIT");
        return;
      }
      fill.redisSequence = lookup.succeeded() ? lookup.result().sequence() : -1;
      proceed(exchange, fill);
    });
  }

  private void proceed(CacheExchange exchange, CacheFill fill) {
    cache.backendCalls.increment();
    exchange.result("MISS");
    exchange.proceed((version, body) -> CacheReplies.send(exchange, this, fill, version, body));
  }

  private void serve(CacheExchange exchange, CachedResponse entry, String result) {
    exchange.result(result);
    CacheReplies.write(exchange.request(), exchange.request().response(), entry, cache);
  }

  /** The router's request: the result and the answer travel in the routing context. */
  private record RoutedExchange(RoutingContext ctx, Handler<RoutingContext> next) implements CacheExchange {
    @Override
    public HttpServerRequest request() {
      return ctx.request();
    }

    @Override
    public java.util.Collection<String> fields() {
      return io.emporium.gateway.policy.shaping.FieldSelection.of(ctx).orElse(null);
    }

    @Override
    public void result(String result) {
      ctx.put(RESULT_KEY, result);
      ctx.response().putHeader(io.emporium.gateway.http.PreparedHeaders.X_CACHE, result);
    }

    @Override
    public void onEnd(Runnable action) {
      if (ctx.response().ended() || ctx.response().closed()) {
        // vertx-web runs no end handler added after the end: the action would never run
        action.run();
        return;
      }
      ctx.addEndHandler(v -> action.run());
    }

    @Override
    public void proceed(Answer answer) {
      ctx.put(CacheReplies.ANSWER_KEY, answer);
      next.handle(ctx);
    }
  }

  /** Path, query parameters in a stable order, and the caller's roles (never the caller). */
  private static String key(RoutingContext ctx) {
    String roles = Authentication.identity(ctx).map(Identity::roles)
        .map(r -> String.join(",", new java.util.TreeSet<>(r))).orElse(ANONYMOUS);
    String fields = io.emporium.gateway.policy.shaping.FieldSelection.of(ctx).map(String::valueOf).orElse("");
    if (ctx.queryParams().isEmpty()) {
      return key(ctx.request().path(), fields, roles);
    }
    Map<String, String> query = new TreeMap<>();
    ctx.queryParams().names().forEach(name -> query.put(name, String.join("\u0000", ctx.queryParams().getAll(name))));
    return ctx.request().path() + "?" + query + "|" + fields + "|" + roles;
  }

  /** The key of a request without query parameters. */
  private static String key(String path, String fields, String roles) {
    return path + "?|" + fields + "|" + roles;
  }
}
