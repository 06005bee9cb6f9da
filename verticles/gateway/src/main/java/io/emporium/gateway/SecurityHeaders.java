package io.emporium.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries: no sniffing, no framing, no referrer, no cached API answers by default,
 * and that the body depends on the encoding the client accepts.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        // JSON only: nothing may load, frame or run from an API answer
        .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .putHeader("Cache-Control", "no-store")
        // the server compresses any answer for a client that takes gzip: every body depends on it
        .putHeader("Vary", "Accept-Encoding");
    ctx.next();
  }
}
