package io.emporium.gateway.routes;

import io.emporium.contract.Ids;
import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.policy.limits.InputLimits;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads what a route needs from a request, or answers the 4xx that names what is wrong. Each method
 * returns empty after it has answered, so a route just stops.
 */
public final class Requests {
  private Requests() {}

  /** The body as a JSON object: 415 without a JSON content type, 400 when it is not a JSON object. */
  public static Optional<JsonObject> jsonObject(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      Problems.send(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json", "Content-Type");
      return Optional.empty();
    }
    Optional<Object> normalised = InputLimits.body(ctx);
    if (normalised.isPresent()) {
      if (normalised.get() instanceof JsonObject object) {
        return Optional.of(object);
      }
      Problems.send(ctx, ServiceError.invalid("body", "the body must be a JSON object"));
      return Optional.empty();
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      Problems.send(ctx, ServiceError.invalid("body", "a JSON object is required"));
      return Optional.empty();
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(body);
      if (parsed instanceof JsonObject object) {
        return Optional.of(object);
      }
      Problems.send(ctx, ServiceError.invalid("body", "the body must be a JSON object"));
    } catch (DecodeException malformed) {
      Problems.send(ctx, ServiceError.invalid("body", "the body is not valid JSON"));
    }
    return Optional.empty();
  }

  /** A path parameter that must be a UUID. */
  public static Optional<String> uuidParam(RoutingContext ctx, String name) {
    String value = ctx.pathParam(name);
    if (!Ids.isUuid(value)) {
      Problems.send(ctx, ServiceError.invalid(name, name + " must be a UUID"));
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** An optional whole-number query parameter within bounds; absent gives the default. */
  public static OptionalInt intQuery(RoutingContext ctx, String name, int defaultValue, int min, int max) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return OptionalInt.of(defaultValue);
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return OptionalInt.of(n);
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    Problems.send(ctx, ServiceError.invalid(name, name + " must be a whole number from " + min + " to " + max));
    return OptionalInt.empty();
  }

  /** Copies the listed query parameters that are present (as strings) into a payload. */
  public static JsonObject copyQuery(RoutingContext ctx, JsonObject payload, String... names) {
    for (String name : names) {
      String value = ctx.queryParams().get(name);
      if (value != null) {
        payload.put(name, value);
      }
    }
    return payload;
  }
}
