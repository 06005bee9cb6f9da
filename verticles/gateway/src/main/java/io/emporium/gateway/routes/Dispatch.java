package io.emporium.gateway.routes;

import io.emporium.contract.Action;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.PassThroughRead;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.policy.shaping.FieldSelection;
import io.emporium.gateway.security.CallContexts;
import io.emporium.platform.mesh.MeshClient;
import io.emporium.platform.mesh.ReplyForm;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/** Turns a validated HTTP request into one mesh call and its reply (or contract error) into the response. */
public final class Dispatch {
  private final MeshClient mesh;

  public Dispatch(MeshClient mesh) {
    this.mesh = mesh;
  }

  /** @param status the success status; 204 sends no body */
  public void call(RoutingContext ctx, Action action, JsonObject payload, int status) {
    call(ctx, action, payload, status, null);
  }

  /** @param shape the headers the answer derives from the reply (Location, ETag), or null */
  public void call(RoutingContext ctx, Action action, JsonObject payload, int status, Replies.Shape shape) {
    call(ctx, action, payload, status, shape, java.util.function.UnaryOperator.identity());
  }

  /** @param errors rewrites a contract error before it is answered (e.g. a body field that came from a header) */
  public void call(RoutingContext ctx, Action action, JsonObject payload, int status, Replies.Shape shape,
      java.util.function.UnaryOperator<ServiceError> errors) {
    mesh.call(action, payload, CallContexts.of(ctx))
        .onSuccess(reply -> Replies.send(ctx, status, reply, shape))
        .onFailure(e -> Problems.send(ctx, errors.apply(ServiceError.from(e))));
  }

  /**
   * A read of one resource whose 200 answer goes out as the service encoded it: the gateway neither
   * decodes nor re-encodes it (the bytes are what {@link #call} would write for it). A request that
   * selects fields needs the answer's JSON, so it takes the common path.
   */
  public void read(RoutingContext ctx, Action action, JsonObject payload) {
    if (FieldSelection.of(ctx).isPresent()) {
      call(ctx, action, payload, 200);
      return;
    }
    mesh.call(action, payload, CallContexts.of(ctx), ReplyForm.ENCODED)
        .onSuccess(reply -> {
          if (reply == null) {
            // a service that answered no body: a 500, where the write below would throw and answer nothing
            Problems.send(ctx, ServiceError.of(ErrorCode.INTERNAL, "internal error"));
            return;
          }
          Replies.sendEncoded(ctx, reply);
        })
        .onFailure(e -> Problems.send(ctx, ServiceError.from(e)));
  }

  /**
   * The read {@link #read} makes for a route whose payload is its one path parameter {@code parameter}, as
   * the cache lane makes it (no routing context, no field selection), for the values {@code accepts}.
   */
  public PassThroughRead passThrough(Action action, String parameter, Predicate<String> accepts) {
    return new PassThroughRead(accepts,
        (value, context) -> mesh.call(action, new JsonObject().put(parameter, value), context, ReplyForm.ENCODED));
  }
}
