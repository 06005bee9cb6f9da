package io.emporium.gateway.policy.shaping;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** CORS for the configured origins (vertx-web's handler); none configured, no CORS headers at all. */
public final class Cors {
  private static final String ORIGIN = "Origin";

  private Cors() {}

  public static Optional<Handler<RoutingContext>> of(List<String> origins) {
    if (origins.isEmpty()) {
      return Optional.empty();
    }
    CorsHandler cors = CorsHandler.create();
    if (origins.contains("*")) {
      cors.addOrigin("*");
    } else {
      cors.addOrigins(origins).allowCredentials(false);
    }
    Handler<RoutingContext> handler = configured(cors);
    if (origins.contains("*")) {
      return Optional.of(handler);
    }
    // Named origins: whether an answer allows the caller's origin depends on its Origin, so every answer
    // says so (vertx-web's handler does not for a single origin), and a shared cache in front keeps one
    // answer per origin instead of handing one origin's to another.
    return Optional.of(ctx -> {
      varyByOrigin(ctx.response());
      handler.handle(ctx);
    });
  }

  private static void varyByOrigin(io.vertx.core.http.HttpServerResponse response) {
    String vary = response.headers().get(io.vertx.core.http.HttpHeaders.VARY);
    if (vary == null) {
      response.putHeader(io.vertx.core.http.HttpHeaders.VARY, ORIGIN);
    } else if (!vary.contains(ORIGIN)) {
      response.putHeader(io.vertx.core.http.HttpHeaders.VARY, vary + ", " + ORIGIN);
    }
  }

  private static Handler<RoutingContext> configured(CorsHandler cors) {
    return cors
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-Id",
            "Cache-Control"))
        .exposedHeaders(Set.of("ETag", "X-Request-Id", "X-Cache", "Retry-After", "RateLimit-Limit",
            "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", "Location"))
        .maxAgeSeconds(600);
  }
}
