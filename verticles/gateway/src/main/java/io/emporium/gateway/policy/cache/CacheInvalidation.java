package io.emporium.gateway.policy.cache;

import io.emporium.contract.Addresses;
import io.emporium.gateway.http.ApiRoute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What makes cached answers stale, from anywhere in the cluster: the product service's events
 * (published by its outbox relay, at least once), and - sooner - the catalogue writes made through a
 * gateway, which drops the scopes in its JVM, in Redis and in every other live gateway
 * ({@link CachePeers}) before it acknowledges the write.
 */
public final class CacheInvalidation {
  static final String SCOPES_KEY = "emporium.cacheWriteScopes";
  public static final String CTX_KEY = "emporium.cacheInvalidation";
  private static final List<String> PRODUCT_EVENTS = List.of("product.created", "product.updated", "product.deleted");

  private final Vertx vertx;
  private final ResponseCache cache;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final CachePeers peers;

  public CacheInvalidation(Vertx vertx, ResponseCache cache, long peerTimeoutMs) {
    this.vertx = vertx;
    this.cache = cache;
    this.peers = new CachePeers(vertx, peerTimeoutMs, cache);
  }

  public Future<Void> start() {
    for (String event : PRODUCT_EVENTS) {
      consumers.add(vertx.eventBus().consumer(Addresses.event(event), message ->
          productChanged(message.body() == null ? null : message.body().getJsonObject("payload"), "id")));
    }
    consumers.add(vertx.eventBus().consumer(Addresses.event("stock.changed"), message ->
        productChanged(message.body() == null ? null : message.body().getJsonObject("payload"), "productId")));
    for (String event : List.of("category.created", "category.deleted")) {
      consumers.add(vertx.eventBus().consumer(Addresses.event(event),
          message -> cache.invalidate(List.of(Invalidations.CATALOGUE))));
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).compose(v -> peers.start());
  }

  /** This gateway may have missed invalidations (cut off from the cluster, or back in it): see {@link CachePeers#missedWrites}. */
  public void missedWrites(String why) {
    peers.missedWrites(why);
  }

  public Future<Void> stop() {
    return peers.stop().eventually(() -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()));
  }

  private void productChanged(JsonObject payload, String idField) {
    List<String> scopes = new ArrayList<>(List.of(Invalidations.CATALOGUE));
    Optional.ofNullable(payload).map(p -> p.getString(idField)).map(Invalidations::productScope)
        .ifPresentOrElse(scopes::add, () -> scopes.add(Invalidations.EVERYTHING));
    cache.invalidate(scopes);
  }

  /** The scopes a catalogue write route changes, or empty for routes that change nothing cached. */
  static Optional<List<String>> scopesOf(ApiRoute route, RoutingContext ctx) {
    String path = route.path();
    if (path.equals("/api/admin/products/bulk")) {
      return Optional.of(List.of(Invalidations.EVERYTHING));
    }
    if (path.startsWith("/api/admin/products/:id")) {
      return Optional.of(List.of(Invalidations.CATALOGUE, Invalidations.productScope(ctx.pathParam("id"))));
    }
    if (path.startsWith("/api/admin/products") || path.startsWith("/api/admin/categories")) {
      return Optional.of(List.of(Invalidations.CATALOGUE));
    }
    return Optional.empty();
  }

  /** Marks a write route's request: its successful answer waits for the invalidation (bounded). */
  public io.emporium.gateway.http.Policy marker(ApiRoute route) {
    return (ctx, next) -> {
      scopesOf(route, ctx).ifPresent(scopes -> {
        ctx.put(SCOPES_KEY, scopes);
        ctx.put(CTX_KEY, this);
      });
      next.handle(ctx);
    };
  }

  /** True for the routes whose writes change cached answers. */
  static boolean writesCatalogue(ApiRoute route) {
    return route.method() != io.vertx.core.http.HttpMethod.GET
        && (route.path().startsWith("/api/admin/products") || route.path().startsWith("/api/admin/categories"));
  }

  /** Before a write's success is sent: drop the scopes here and in Redis, and tell the other gateways. */
  public Future<Void> beforeWriteAcknowledged(RoutingContext ctx) {
    List<String> scopes = ctx.get(SCOPES_KEY);
    if (scopes == null) {
      return Future.succeededFuture();
    }
    return cache.invalidate(scopes).compose(redisDone -> peers.invalidate(scopes, redisDone));
  }
}
