package io.emporium.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Successful JSON answers. */
final class Responses {
  private Responses() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().closed() || ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
