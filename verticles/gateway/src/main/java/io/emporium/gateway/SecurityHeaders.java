package io.emporium.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Headers every response carries: no sniffing, no framing, no referrer, and no cached API answers by default. */
public final class SecurityHeaders implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        // JSON only: nothing may load, frame or run from an API answer
        .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .putHeader("Cache-Control", "no-store");
    ctx.next();
  }
}
