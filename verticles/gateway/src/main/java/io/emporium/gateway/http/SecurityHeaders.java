package io.emporium.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries: no sniffing, no framing, no referrer, no cached API answers by default,
 * and that the body depends on the encoding the client accepts.
 */
public final class SecurityHeaders implements Handler<RoutingContext>, Step {
  // Names and values encoded once: they are written on every answer.
  private static final CharSequence[][] HEADERS = {
      header("X-Content-Type-Options", "nosniff"),
      header("X-Frame-Options", "DENY"),
      header("Referrer-Policy", "no-referrer"),
      // JSON only: nothing may load, frame or run from an API answer
      header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
      header("Cache-Control", "no-store"),
      // the server compresses any answer for a client that takes gzip: every body depends on it
      header("Vary", "Accept-Encoding")};

  private static CharSequence[] header(String name, String value) {
    return new CharSequence[] {HttpHeaders.createOptimized(name), HttpHeaders.createOptimized(value)};
  }

  @Override
  public boolean apply(RoutingContext ctx) {
    write(ctx.response());
    return true;
  }

  public static void write(HttpServerResponse response) {
    for (CharSequence[] header : HEADERS) {
      response.putHeader(header[0], header[1]);
    }
  }
  @Override
  public void handle(RoutingContext ctx) {
    if (apply(ctx)) {
      ctx.next();
    }
  }

}
