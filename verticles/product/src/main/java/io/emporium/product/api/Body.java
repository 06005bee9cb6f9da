package io.emporium.product.api;

import io.emporium.platform.contract.Ids;
import io.emporium.platform.contract.ServiceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a request body defensively: each field's JSON type is checked before use (a string where a
 * number belongs is VALIDATION naming the field, never a ClassCastException and a 500), and a field
 * the action does not take is VALIDATION too, never silently ignored. Field names in errors carry a
 * prefix inside bulk items ({@code items[3].price}).
 *
 * <p>"Parameter" readers (page, size, featured, ...) also accept the text forms a query string has
 * ({@code "2"}, {@code "true"}), since the gateway passes query parameters through as strings.
 */
final class Body {
  static final int MAX_STRING = 10_000;
  private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,18}");

  private final JsonObject json;
  private final String prefix;

  private Body(JsonObject json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  static Body of(JsonObject json, Set<String> allowed) {
    return of(json, allowed, "");
  }

  static Body of(JsonObject json, Set<String> allowed, String prefix) {
    for (String field : new TreeSet<>(json.fieldNames())) {
      if (!allowed.contains(field)) {
        throw ServiceError.invalid(prefix + field, "unknown field '" + field + "'").toException();
      }
    }
    return new Body(json, prefix);
  }

  String name(String field) {
    return prefix + field;
  }

  RuntimeException invalid(String field, String message) {
    return ServiceError.invalid(name(field), message).toException();
  }

  boolean has(String field) {
    return json.containsKey(field);
  }

  boolean isNull(String field) {
    return json.containsKey(field) && json.getValue(field) == null;
  }

  Object raw(String field) {
    return json.getValue(field);
  }

  Optional<String> string(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof String text)) {
      throw invalid(field, name(field) + " must be a string");
    }
    if (text.length() > MAX_STRING) {
      throw invalid(field, name(field) + " is too long");
    }
    return Optional.of(text);
  }

  String requiredString(String field) {
    return string(field).orElseThrow(() -> invalid(field, name(field) + " is required"));
  }

  /** A JSON integer (no fraction, not a string) within bounds. */
  Optional<Long> integer(String field, long min, long max) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    Object value = json.getValue(field);
    if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger)) {
      throw invalid(field, name(field) + " must be a whole number from " + min + " to " + max);
    }
    if (value instanceof BigInteger big && big.bitLength() > 63) {
      throw invalid(field, name(field) + " must be from " + min + " to " + max);
    }
    long n = ((Number) value).longValue();
    if (n < min || n > max) {
      throw invalid(field, name(field) + " must be from " + min + " to " + max);
    }
    return Optional.of(n);
  }

  /** A whole number given as a JSON integer or as its text ("2"), within bounds. */
  Optional<Long> parameterInteger(String field, long min, long max) {
    if (json.getValue(field) instanceof String text) {
      if (!DIGITS.matcher(text).matches()) {
        throw invalid(field, name(field) + " must be a whole number from " + min + " to " + max);
      }
      long n = Long.parseLong(text);
      if (n < min || n > max) {
        throw invalid(field, name(field) + " must be from " + min + " to " + max);
      }
      return Optional.of(n);
    }
    return integer(field, min, max);
  }

  Optional<Boolean> bool(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof Boolean b)) {
      throw invalid(field, name(field) + " must be true or false");
    }
    return Optional.of(b);
  }

  /** true/false as JSON booleans or as the text "true"/"false". */
  Optional<Boolean> parameterBool(String field) {
    Object value = json.getValue(field);
    if (value instanceof String text) {
      return switch (text) {
        case "true" -> Optional.of(true);
        case "false" -> Optional.of(false);
        default -> throw invalid(field, name(field) + " must be true or false");
      };
    }
    return bool(field);
  }

  Optional<UUID> uuid(String field) {
    return string(field).map(text -> {
      if (!Ids.isUuid(text)) {
        throw invalid(field, name(field) + " must be a UUID");
      }
      return UUID.fromString(text);
    });
  }

  UUID requiredUuid(String field) {
    if (!json.containsKey(field)) {
      throw invalid(field, name(field) + " is required");
    }
    return uuid(field).orElseThrow();
  }

  Optional<JsonObject> object(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof JsonObject object)) {
      throw invalid(field, name(field) + " must be a JSON object");
    }
    return Optional.of(object);
  }

  Optional<JsonArray> array(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw invalid(field, name(field) + " must be a JSON array");
    }
    return Optional.of(array);
  }
}
