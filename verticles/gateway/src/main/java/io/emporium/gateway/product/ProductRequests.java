package io.emporium.gateway.product;

import io.emporium.gateway.Problems;
import io.emporium.platform.contract.ServiceError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the product routes need from a request, or answers the 400 that names what is wrong;
 * each method returns empty after it has answered. The product service checks every parameter again
 * (it is the one place that knows them): the gateway only turns HTTP into the action's payload.
 */
public final class ProductRequests {
  public static final String IF_MATCH = "If-Match";
  private static final Pattern ENTITY_TAG = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");

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
   * The version an {@code If-Match} header names ({@code "3"}, {@code W/"3"} or {@code 3}): empty
   * without the header; answers 400 when it is something else (a list, or {@code *}).
   */
  public static Optional<OptionalLong> ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader(IF_MATCH);
    if (header == null) {
      return Optional.of(OptionalLong.empty());
    }
    Matcher m = ENTITY_TAG.matcher(header.trim());
    if (!m.matches()) {
      Problems.send(ctx, ServiceError.invalid(IF_MATCH, "If-Match must name one version, e.g. \"3\""));
      return Optional.empty();
    }
    return Optional.of(OptionalLong.of(Long.parseLong(m.group(1))));
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
