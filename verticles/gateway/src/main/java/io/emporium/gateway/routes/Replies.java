package io.emporium.gateway.routes;

import io.emporium.contract.EncodedReply;
import io.emporium.gateway.http.IdempotentAnswers;
import io.emporium.gateway.policy.cache.CacheInvalidation;
import io.emporium.gateway.policy.cache.CacheReplies;
import io.emporium.gateway.policy.shaping.FieldSelection;
import io.emporium.gateway.policy.shaping.ListEnvelope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Writes a route's successful answer through the gateway's response policies: one envelope for every
 * list, the fields the client selected, and the cache: a catalogue write is acknowledged only after the
 * cache has dropped what it changed; a cacheable read is tagged, stored on its way out and answered 304
 * when the client has it already. A 201 names what it created in {@code Location}.
 */
public final class Replies {
  private Replies() {}

  /** Headers an answer derives from its reply. */
  public record Shape(Function<JsonObject, String> location, boolean versioned) {
    /** A 201 whose resource is at the path {@code location} makes of the reply. */
    public static Shape created(Function<JsonObject, String> location, boolean versioned) {
      return new Shape(location, versioned);
    }

    /** A version of a resource: tagged with that version. */
    public static Shape version() {
      return new Shape(null, true);
    }

    void decorate(io.vertx.core.http.HttpServerResponse response, JsonObject reply) {
      String where = location(reply);
      if (where != null) {
        response.putHeader("Location", where);
      }
      String tag = etag(reply);
      if (tag != null) {
        response.putHeader("ETag", tag);
      }
    }

    String location(JsonObject reply) {
      return location == null ? null : location.apply(reply);
    }

    String etag(JsonObject reply) {
      return versioned && reply.getValue("version") instanceof Number version
          ? io.emporium.gateway.policy.cache.ETags.ofVersion(version.longValue(), null) : null;
    }
  }

  /** @param status the success status; 204 sends no body */
  public static void send(RoutingContext ctx, int status, JsonObject reply) {
    send(ctx, status, reply, null);
  }

  /**
   * @param shape what the answer says besides its body: where a 201's resource is, whether the reply is a
   *     version of a resource (then it carries that version's entity tag, for a following If-Match)
   */
  public static void send(RoutingContext ctx, int status, JsonObject reply, Shape shape) {
    if (gone(ctx)) {
      return;
    }
    CacheInvalidation invalidation = ctx.get(CacheInvalidation.CTX_KEY);
    Future<Void> ready = invalidation == null ? Future.succeededFuture()
        : invalidation.beforeWriteAcknowledged(ctx);
    ready.onComplete(v -> write(ctx, status, reply, shape));
  }

  /**
   * Writes a read's 200 answer as the service encoded it (through the cache when the route is cacheable):
   * no envelope (it is one resource) and no field selection (a request with one is not passed through).
   */
  public static void sendEncoded(RoutingContext ctx, EncodedReply reply) {
    if (gone(ctx)) {
      return;
    }
    if (CacheReplies.cacheable(ctx)) {
      CacheReplies.send(ctx, reply.version(), reply.body());
      return;
    }
    if (!ctx.response().closed()) {
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(reply.body());
    }
  }

  private static void write(RoutingContext ctx, int status, JsonObject reply, Shape shape) {
    if (gone(ctx)) {
      return;
    }
    if (status == 204) {
      IdempotentAnswers.record(ctx, 204, null, null, null, null);
      if (!ctx.response().closed()) {
        ctx.response().setStatusCode(204).end();
      }
      return;
    }
    Buffer body = FieldSelection.apply(ctx, ListEnvelope.of(reply)).toBuffer();
    if (status == 200 && CacheReplies.cacheable(ctx)) {
      CacheReplies.send(ctx, reply.getValue("version") instanceof Number version ? version.longValue() : null, body);
      return;
    }
    if (IdempotentAnswers.recording(ctx)) {
      IdempotentAnswers.record(ctx, status, "application/json", shape == null ? null : shape.location(reply),
          shape == null ? null : shape.etag(reply), body);
    }
    if (ctx.response().closed()) {
      return;
    }
    if (shape != null) {
      shape.decorate(ctx.response(), reply);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }

  /**
   * Nothing to write: answered already, or the client has gone; but a keyed write's answer is still
   * worked out when the client has gone, for its retry to get.
   */
  private static boolean gone(RoutingContext ctx) {
    return ctx.response().ended() || ctx.response().closed() && !IdempotentAnswers.recording(ctx);
  }
}
