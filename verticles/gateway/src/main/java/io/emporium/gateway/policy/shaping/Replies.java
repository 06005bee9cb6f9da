package io.emporium.gateway.policy.shaping;

import io.emporium.gateway.policy.cache.CacheInvalidation;
import io.emporium.gateway.policy.cache.CacheReplies;
import io.emporium.gateway.policy.cache.ResponseCache;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a route's successful answer through the gateway's response policies: one envelope for every
 * list, the fields the client selected, and the cache: a catalogue write is
 * acknowledged only after the cache has dropped what it changed; a cacheable read is stored on its way
 * out and answered 304 when the client has it already.
 */
public final class Replies {
  private Replies() {}

  /** @param status the success status; 204 sends no body */
  public static void send(RoutingContext ctx, int status, JsonObject reply) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    CacheInvalidation invalidation = ctx.get(CacheInvalidation.CTX_KEY);
    Future<Void> ready = invalidation == null ? Future.succeededFuture()
        : invalidation.beforeWriteAcknowledged(ctx);
    ready.onComplete(v -> write(ctx, status, reply));
  }

  private static void write(RoutingContext ctx, int status, JsonObject reply) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (status == 204) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    Buffer body = FieldSelection.apply(ctx, ListEnvelope.of(reply)).toBuffer();
    ResponseCache cache = ctx.get(ResponseCache.CTX_KEY);
    if (cache != null && CacheReplies.beforeSend(ctx, status, body, cache)) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
