package io.emporium.gateway.policy.validation;

import io.emporium.gateway.policy.limits.InputLimits;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.RequestBody;
import java.util.List;
import java.util.Locale;

/**
 * The JSON body of an operation, with its schema's validator built once. It checks the body as the
 * route will read it: after the input limits, trimmed and in NFC ({@link InputLimits#body}).
 */
final class BodyRule {
  private final boolean required;
  private final JsonSchema schema;
  private final Validator validator;

  private BodyRule(boolean required, JsonSchema schema, Validator validator) {
    this.required = required;
    this.schema = schema;
    this.validator = validator;
  }

  static BodyRule of(String operationId, RequestBody body, SchemaRepository schemas) {
    MediaType json = body.getContent().get(MediaType.APPLICATION_JSON);
    if (json == null || body.getContent().size() != 1 || json.getSchema() == null) {
      throw new IllegalStateException(operationId + ": a request body must be application/json with a schema");
    }
    return new BodyRule(body.isRequired(), json.getSchema(), schemas.validator(json.getSchema()));
  }

  /** Every body the gateway takes is JSON: any other content type is a 415, before any other check. */
  boolean acceptsContentType(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_JSON);
  }

  boolean hasBody(RoutingContext ctx) {
    return ctx.body() != null && ctx.body().buffer() != null && ctx.body().buffer().length() > 0;
  }

  boolean required() {
    return required;
  }

  List<Violation> check(RoutingContext ctx) {
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      return required ? List.of(new Violation("body", "body", "body is required: a JSON value")) : List.of();
    }
    Object value;
    try {
      value = InputLimits.body(ctx).orElseGet(() -> Json.decodeValue(raw));
    } catch (DecodeException malformed) {
      return List.of(new Violation("body", "body", "body is not valid JSON"));
    }
    OutputUnit result = validator.validate(value);
    if (Boolean.TRUE.equals(result.getValid())) {
      return List.of();
    }
    return SchemaFailures.of(result, schema, value, "body", "body");
  }
}
