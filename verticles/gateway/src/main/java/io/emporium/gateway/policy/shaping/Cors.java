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
    return Optional.of(cors
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-Id",
            "Cache-Control"))
        .exposedHeaders(Set.of("ETag", "X-Request-Id", "X-Cache", "Retry-After", "RateLimit-Limit",
            "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", "Location"))
        .maxAgeSeconds(600));
  }
}
