package io.emporium.gateway.policy.validation;

import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One parameter of an operation (path, query or header), with its schema's validator built once.
 * The text of the request is turned into the schema's type here (vertx-openapi's own transformer
 * reads a string parameter such as {@code tag=2024} as a JSON number and then refuses it as not a
 * string), then checked against the schema.
 */
final class ParameterRule {
  private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,18}");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,18}(\\.[0-9]{1,18})?");
  /** How many accepted values a parameter remembers, and the longest one it remembers. */
  private static final int REMEMBERED = 1_024;
  private static final int REMEMBERED_LENGTH = 64;

  private final Parameter parameter;
  private final String in;
  private final Validator validator;
  /**
   * Values the schema accepted lately. A parameter's verdict depends on its text alone, and the hot
   * path repeats values (a product read from the GET cache was asked for before), so a remembered
   * value skips the schema walk, which vertx-json-schema runs interpreted (its method is too large for
   * the JIT): a cached GET took 42 µs of CPU without this, 35 with it, 33.5 with no validation. Only
   * accepted values are kept; bounded, cleared when full.
   */
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();

  private ParameterRule(Parameter parameter, Validator validator) {
    this.parameter = parameter;
    this.in = parameter.getIn().toString().toLowerCase(java.util.Locale.ROOT);
    this.validator = validator;
  }

  /** Refuses what the gateway cannot check honestly, so the start fails instead of a check being skipped. */
  static ParameterRule of(String operationId, Parameter parameter, SchemaRepository schemas) {
    Location where = parameter.getIn();
    if (where != Location.PATH && where != Location.QUERY && where != Location.HEADER) {
      throw new IllegalStateException(operationId + ": parameters in " + where + " are not supported");
    }
    SchemaType type = parameter.getSchemaType();
    if (type == SchemaType.ARRAY || type == SchemaType.OBJECT) {
      throw new IllegalStateException(operationId + ": parameter " + parameter.getName() + " is an " + type
          + "; the gateway checks parameters of one value only");
    }
    return new ParameterRule(parameter, schemas.validator(parameter.getSchema()));
  }

  String name() {
    return parameter.getName();
  }

  Location location() {
    return parameter.getIn();
  }

  boolean required() {
    return parameter.isRequired();
  }

  Optional<Violation> check(RoutingContext ctx) {
    String name = parameter.getName();
    String value;
    if (parameter.getIn() == Location.PATH) {
      value = ctx.pathParam(name);
    } else if (parameter.getIn() == Location.HEADER && ctx.request().headers().get(name) == null) {
      // most writes send none of their optional headers (If-Match, Idempotency-Key): no list for them
      value = null;
    } else {
      List<String> values = parameter.getIn() == Location.QUERY ? ctx.queryParams().getAll(name)
          : ctx.request().headers().getAll(name);
      if (values.size() > 1) {
        return Optional.of(new Violation(name, in, name + " is given more than once"));
      }
      value = values.isEmpty() ? null : values.get(0);
    }
    return check(value);
  }

  /** The parameter given as {@code value} (null: not given). */
  Optional<Violation> check(String value) {
    String name = parameter.getName();
    if (value == null) {
      return parameter.isRequired() ? Optional.of(new Violation(name, in, name + " is required")) : Optional.empty();
    }
    if (accepted.contains(value)) {
      return Optional.empty();
    }
    Optional<Object> typed = typed(value);
    if (typed.isEmpty()) {
      return Optional.of(new Violation(name, in, name + " must be " + expected()));
    }
    OutputUnit result = validator.validate(typed.get());
    if (Boolean.TRUE.equals(result.getValid())) {
      remember(value);
      return Optional.empty();
    }
    return Optional.of(SchemaFailures.of(result, parameter.getSchema(), typed.get(), name, in).get(0));
  }

  private void remember(String value) {
    if (value.length() <= REMEMBERED_LENGTH) {
      if (accepted.size() >= REMEMBERED) {
        accepted.clear();
      }
      accepted.add(value);
    }
  }

  private Optional<Object> typed(String text) {
    return switch (parameter.getSchemaType()) {
      case INTEGER -> WHOLE.matcher(text).matches() ? Optional.of(Long.parseLong(text)) : Optional.empty();
      case NUMBER -> NUMBER.matcher(text).matches() ? Optional.of(Double.parseDouble(text)) : Optional.empty();
      case BOOLEAN -> text.equals("true") ? Optional.of(true) : text.equals("false") ? Optional.of(false)
          : Optional.empty();
      default -> Optional.of(text);
    };
  }

  private String expected() {
    return switch (parameter.getSchemaType()) {
      case INTEGER -> "a whole number" + range();
      case NUMBER -> "a number" + range();
      default -> "true or false";
    };
  }

  private String range() {
    Object min = parameter.getSchema().get("minimum");
    Object max = parameter.getSchema().get("maximum");
    return min != null && max != null ? " from " + min + " to " + max : "";
  }
}
