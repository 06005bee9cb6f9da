package io.emporium.gateway.product;

import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.policy.cache.ETags;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads what the product routes need from a request, or answers the 400 that names what is wrong;
 * each method returns empty after it has answered. The product service checks every parameter again
 * (it is the one place that knows them): the gateway only turns HTTP into the action's payload.
 */
public final class ProductRequests {
  public static final String IF_MATCH = "If-Match";

  private ProductRequests() {}

  /**
   * Every query parameter as a string field of the payload (the service names an unknown one); a
   * parameter given twice is answered with 400 here, since only one value could be passed on.
   */
  public static Optional<JsonObject> queryParameters(RoutingContext ctx) {
    JsonObject payload = new JsonObject();
    for (String name : ctx.queryParams().names()) {
      if (ctx.queryParams().getAll(name).size() > 1) {
        Problems.send(ctx, ServiceError.invalid(name, name + " is given more than once"));
        return Optional.empty();
      }
      payload.put(name, ctx.queryParams().get(name));
    }
    return Optional.of(payload);
  }

  /**
   * The version an {@code If-Match} header names: the entity tag a GET of the product gave (any of its
   * representations), or the version as a tag ({@code "3"}, {@code W/"3"} or {@code 3}). Empty without
   * the header; answers 400 when it is something else (a list, or {@code *}).
   */
  public static Optional<OptionalLong> ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader(IF_MATCH);
    if (header == null) {
      return Optional.of(OptionalLong.empty());
    }
    OptionalLong version = ETags.version(header);
    if (version.isEmpty()) {
      Problems.send(ctx, ServiceError.invalid(IF_MATCH,
          "If-Match must be the ETag of the product as read, or its version as a tag, e.g. \"3\""));
      return Optional.empty();
    }
    return Optional.of(version);
  }

  /**
   * Puts the If-Match version into the payload as {@code version}; 400 when the body names another one.
   */
  public static Optional<JsonObject> withVersion(RoutingContext ctx, JsonObject payload) {
    Optional<OptionalLong> ifMatch = ifMatch(ctx);
    if (ifMatch.isEmpty()) {
      return Optional.empty();
    }
    if (ifMatch.get().isPresent()) {
      long version = ifMatch.get().getAsLong();
      Object inBody = payload.getValue("version");
      if (inBody != null && !(inBody instanceof Number n && n.longValue() == version)) {
        Problems.send(ctx, ServiceError.invalid("version", "the body's version differs from If-Match"));
        return Optional.empty();
      }
      payload.put("version", version);
    }
    return Optional.of(payload);
  }

  /**
   * The payload when it names the version it changes; else answers 428 Precondition Required (RFC 6585),
   * which says exactly what is missing, where a 400 would say only that something is.
   */
  public static Optional<JsonObject> versionRequired(RoutingContext ctx, JsonObject payload) {
    if (payload.getValue("version") != null) {
      return Optional.of(payload);
    }
    Problems.send(ctx, 428, "PRECONDITION_REQUIRED", "an update must name the version it changes: send If-Match "
        + "with the ETag a GET of the product gave, or \"version\" in the body", IF_MATCH);
    return Optional.empty();
  }

  /** A path parameter copied into the payload under {@code field}; 400 when the body says otherwise. */
  public static Optional<JsonObject> withPathParameter(RoutingContext ctx, JsonObject payload, String field,
      String value) {
    if (payload.containsKey(field) && !value.equals(payload.getValue(field))) {
      Problems.send(ctx, ServiceError.invalid(field, "the body's " + field + " differs from the path's"));
      return Optional.empty();
    }
    return Optional.of(payload.copy().put(field, value));
  }
}
