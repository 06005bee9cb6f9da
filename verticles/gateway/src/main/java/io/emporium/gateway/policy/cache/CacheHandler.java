package io.emporium.gateway.policy.cache;

import io.emporium.gateway.routes.ApiRoute;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.security.Identity;
import io.emporium.gateway.http.Policy;
import io.vertx.core.Handler;
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
    String requestCacheControl = ctx.request().getHeader("Cache-Control");
    // A request that picks a version (X-Emporium-Variant, X-Emporium-Canary) must reach that version: the
    // shared cache neither answers it nor keeps its answer (the key does not hold the version).
    if (requestCacheControl != null && (requestCacheControl.contains("no-cache")
        || requestCacheControl.contains("no-store"))
        || ctx.request().getHeader(io.emporium.gateway.CallContexts.VARIANT_HEADER) != null
        || ctx.request().getHeader(io.emporium.gateway.CallContexts.CANARY_HEADER) != null) {
      cache.bypassed.increment();
      result(ctx, "BYPASS");
      next.handle(ctx);
      return;
    }
    String key = key(ctx);
    String scope = versioned() ? Invalidations.productScope(ctx.pathParam("id")) : Invalidations.CATALOGUE;
    CachedResponse hit = cache.levelOneGet(key);
    if (hit != null) {
      serve(ctx, hit, "HIT");
      return;
    }
    CacheFill running = cache.inFlight.get(key);
    if (running != null) {
      cache.coalesced.increment();
      running.future().onComplete(done -> {
        if (done.succeeded() && cache.levelOne.invalidations.valid(scope, done.result().filledAt())) {
          serve(ctx, done.result(), "MISS");
        } else {
          fill(ctx, key, scope, next);
        }
      });
      return;
    }
    fill(ctx, key, scope, next);
  }

  /** Level two, then the backend; this request's answer completes the fill others may wait on. */
  private void fill(RoutingContext ctx, String key, String scope, Handler<RoutingContext> next) {
    CacheFill fill = new CacheFill(key, scope, cache.levelOne.invalidations.current(), ttlMs, cache.fillMayKeep());
    cache.inFlight.put(key, fill);
    fill.future().onComplete(done -> cache.inFlight.remove(key, fill));
    ctx.addEndHandler(v -> fill.abandon());
    if (cache.levelTwo.isEmpty() || !cache.levelTwo.get().available()) {
      proceed(ctx, fill, next);
      return;
    }
    cache.levelTwo.get().get(key, scope).onComplete(lookup -> {
      if (lookup.succeeded() && lookup.result().hit() != null) {
        CachedResponse entry = fill.entry(lookup.result().hit().etag(), lookup.result().hit().body());
        cache.keepLocally(key, entry, fill.mayKeepLocally);
        fill.complete(entry);
        serve(ctx, entry, "HIT");
        return;
      }
      fill.redisSequence = lookup.succeeded() ? lookup.result().sequence() : -1;
      proceed(ctx, fill, next);
    });
  }

  private void proceed(RoutingContext ctx, CacheFill fill, Handler<RoutingContext> next) {
    cache.backendCalls.increment();
    ctx.put(CacheFill.KEY, fill);
    result(ctx, "MISS");
    next.handle(ctx);
  }

  private void serve(RoutingContext ctx, CachedResponse entry, String result) {
    result(ctx, result);
    CacheReplies.write(ctx, entry, cache);
  }

  private static void result(RoutingContext ctx, String result) {
    ctx.put(RESULT_KEY, result);
    ctx.response().putHeader(io.emporium.gateway.http.PreparedHeaders.X_CACHE, result);
  }

  /** Path, query parameters in a stable order, and the caller's roles (never the caller). */
  private static String key(RoutingContext ctx) {
    String roles = Authentication.identity(ctx).map(Identity::roles)
        .map(r -> String.join(",", new java.util.TreeSet<>(r))).orElse("-");
    String fields = io.emporium.gateway.policy.shaping.FieldSelection.of(ctx).map(String::valueOf).orElse("");
    if (ctx.queryParams().isEmpty()) {
      return ctx.request().path() + "?|" + fields + "|" + roles;
    }
    Map<String, String> query = new TreeMap<>();
    ctx.queryParams().names().forEach(name -> query.put(name, String.join("\u0000", ctx.queryParams().getAll(name))));
    return ctx.request().path() + "?" + query + "|" + fields + "|" + roles;
  }
}
