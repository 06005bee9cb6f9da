package io.emporium.gateway.policy.limits;

import io.emporium.contract.ServiceError;
import io.emporium.gateway.config.GatewaySettings;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.http.Step;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Limits on what a request may carry, checked before it can become a bus message: the URL's length
 * (414), the header section's size (431), every query parameter and JSON string (length, control
 * characters; 400 naming the parameter or field, e.g. {@code items[2].name}), and the JSON nesting
 * depth (400 naming {@code body}). Text that passes is trimmed and NFC-normalised on its way through;
 * the normalised body is what the route reads ({@link #body}). Numbers are read exactly
 * ({@link ExactJson}): a price given as a number goes on as its exact decimal text
 * ({@link PriceAmounts}); any other number with a fraction goes on as the double it always was.
 */
public final class InputLimits implements Handler<RoutingContext>, Step {
  private static final String BODY_KEY = "emporium.normalisedBody";

  private final GatewaySettings.InputLimits limits;
  private final TextRules text;

  public InputLimits(GatewaySettings.InputLimits limits) {
    this.limits = limits;
    this.text = new TextRules(limits.maxStringLength());
  }

  /** The body after the limits, when it was a JSON value; empty when the route must read it itself. */
  public static Optional<Object> body(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(BODY_KEY));
  }

  @Override
  public boolean apply(RoutingContext ctx) {
    if (urlTooLong(ctx.request())) {
      Problems.send(ctx, 414, "URI_TOO_LONG", "the URL is longer than " + limits.maxUrlLength() + " characters", "url");
      return false;
    }
    if (headersTooLarge(ctx.request())) {
      Problems.send(ctx, 431, "HEADERS_TOO_LARGE", "the request headers are larger than " + limits.maxHeaderBytes()
          + " bytes", "headers");
      return false;
    }
    if (!query(ctx) || !jsonBody(ctx)) {
      return false;
    }
    return true;
  }
  @Override
  public void handle(RoutingContext ctx) {
    if (apply(ctx)) {
      ctx.next();
    }
  }


  /**
   * Whether a request without query or body is within the URL and header limits: the cache lane
   * answers only such requests, and leaves any other to the router (which answers 414 or 431 here).
   */
  public boolean plainRequestWithin(HttpServerRequest request) {
    return !urlTooLong(request) && !headersTooLarge(request);
  }

  private boolean urlTooLong(HttpServerRequest request) {
    return request.uri().length() > limits.maxUrlLength();
  }

  private boolean headersTooLarge(HttpServerRequest request) {
    int headerBytes = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      headerBytes += header.getKey().length() + header.getValue().length() + 4;
    }
    return headerBytes > limits.maxHeaderBytes();
  }

  private boolean query(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    for (String name : params.names()) {
      Optional<String> badName = text.problem(name, true);
      if (badName.isPresent()) {
        return refuse(ctx, "query", "a query parameter name " + badName.get());
      }
      java.util.List<String> values = params.getAll(name);
      java.util.List<String> normalised = new java.util.ArrayList<>(values.size());
      for (String value : values) {
        Optional<String> bad = text.problem(value, true);
        if (bad.isPresent()) {
          return refuse(ctx, name, name + " " + bad.get());
        }
        normalised.add(TextRules.normalise(value));
      }
      if (!normalised.equals(values)) {
        params.set(name, normalised);
      }
    }
    return true;
  }

  private boolean jsonBody(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json") || body == null
        || body.length() == 0) {
      return true;
    }
    if (JsonDepth.of(body, limits.maxJsonDepth()) > limits.maxJsonDepth()) {
      return refuse(ctx, "body", "the JSON body nests deeper than " + limits.maxJsonDepth() + " levels");
    }
    Object parsed;
    try {
      parsed = ExactJson.decode(body);
    } catch (DecodeException malformed) {
      return true; // the route answers 400 "not valid JSON" as before
    }
    try {
      ctx.put(BODY_KEY, clean(parsed, "", false));
      return true;
    } catch (BadText bad) {
      return refuse(ctx, bad.field, bad.getMessage());
    }
  }

  /** Checks every string (keys too) and answers the value with its text normalised. */
  private Object clean(Object value, String path, boolean secret) {
    if (value instanceof String s) {
      Optional<String> bad = text.problem(s, false);
      if (bad.isPresent()) {
        throw new BadText(path.isEmpty() ? "body" : path, (path.isEmpty() ? "the body" : path) + " " + bad.get());
      }
      return secret ? s : TextRules.normalise(s);
    }
    if (value instanceof JsonObject object) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, Object> field : object) {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (text.problem(field.getKey(), true).isPresent()) {
          throw new BadText(path.isEmpty() ? "body" : path, "a field name in " + (path.isEmpty() ? "the body" : path)
              + " " + text.problem(field.getKey(), true).get());
        }
        out.put(field.getKey(), clean(field.getValue(), child, secret || TextRules.isSecret(field.getKey())));
      }
      return out;
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      for (int i = 0; i < array.size(); i++) {
        out.add(clean(array.getValue(i), (path.isEmpty() ? "body" : path) + "[" + i + "]", secret));
      }
      return out;
    }
    if (value instanceof Number number && PriceAmounts.isPriceField(path)) {
      return PriceAmounts.text(number);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    return value;
  }

  private static boolean refuse(RoutingContext ctx, String field, String detail) {
    Problems.send(ctx, ServiceError.invalid(field, detail));
    return false;
  }

  private static final class BadText extends RuntimeException {
    final String field;

    BadText(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }
}
