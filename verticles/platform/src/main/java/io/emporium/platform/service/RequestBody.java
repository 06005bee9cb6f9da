package io.emporium.platform.service;

import io.emporium.contract.Ids;
import io.emporium.contract.ServiceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a request body defensively, the one reader of every service: each field's JSON type is checked
 * before use (a string where a number belongs is VALIDATION naming the field, never a
 * ClassCastException and a 500), and a field the action does not take is VALIDATION too, never silently
 * ignored. Field names in errors carry a prefix inside nested objects and bulk items
 * ({@code items[3].price}).
 *
 * <p>"Parameter" readers (page, size, featured, ...) also accept the text forms a query string has
 * ({@code "2"}, {@code "true"}), since the gateway passes query parameters through as strings.
 *
 * <p>A service with a stricter limit on strings reads through its own {@link Rules}.
 */
public final class RequestBody {
  /** The longest string a field may hold, unless the service's {@link Rules} say less. */
  public static final int MAX_STRING = 10_000;
  private static final Rules DEFAULT = new Rules(MAX_STRING);
  private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,18}");

  private final JsonObject json;
  private final String prefix;
  private final int maxString;

  private RequestBody(JsonObject json, String prefix, int maxString) {
    this.json = json;
    this.prefix = prefix;
    this.maxString = maxString;
  }

  /** The body of an action that takes the fields {@code allowed}; any other is VALIDATION. */
  public static RequestBody of(JsonObject json, Set<String> allowed) {
    return DEFAULT.read(json, allowed);
  }

  /** A nested object or bulk item, its field names in errors prefixed ({@code "items[3]."}). */
  public static RequestBody of(JsonObject json, Set<String> allowed, String prefix) {
    return DEFAULT.read(json, allowed, Map.of(), prefix);
  }

  /** A body whose other fields are ignored, not refused ({@code user.get} has always taken them). */
  public static RequestBody ignoringOtherFields(JsonObject json) {
    return new RequestBody(json, "", MAX_STRING);
  }

  /** How a service reads its bodies: the longest string a field may hold. */
  public record Rules(int maxString) {

    public RequestBody read(JsonObject json, Set<String> allowed) {
      return read(json, allowed, Map.of(), "");
    }

    /**
     * @param allowed the fields the action takes
     * @param refused fields a client might try to set, with the reason they cannot be (others are "unknown")
     */
    public RequestBody read(JsonObject json, Set<String> allowed, Map<String, String> refused) {
      return read(json, allowed, refused, "");
    }

    RequestBody read(JsonObject json, Set<String> allowed, Map<String, String> refused, String prefix) {
      for (String field : new TreeSet<>(json.fieldNames())) {
        if (!allowed.contains(field)) {
          String reason = refused.getOrDefault(field, "unknown field '" + field + "'");
          throw ServiceError.invalid(prefix + field, reason).toException();
        }
      }
      return new RequestBody(json, prefix, maxString);
    }
  }

  /** The field's name as errors give it, with the prefix. */
  public String name(String field) {
    return prefix + field;
  }

  /** VALIDATION on the field (prefixed). */
  public RuntimeException invalid(String field, String message) {
    return ServiceError.invalid(name(field), message).toException();
  }

  public boolean has(String field) {
    return json.containsKey(field);
  }

  public boolean isNull(String field) {
    return json.containsKey(field) && json.getValue(field) == null;
  }

  public Object raw(String field) {
    return json.getValue(field);
  }

  public Optional<String> string(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof String text)) {
      throw invalid(field, name(field) + " must be a string");
    }
    if (text.length() > maxString) {
      throw invalid(field, name(field) + " is too long");
    }
    return Optional.of(text);
  }

  public String requiredString(String field) {
    return string(field).orElseThrow(() -> invalid(field, name(field) + " is required"));
  }

  /** A JSON integer (no fraction, not a string) within bounds. */
  public Optional<Long> integer(String field, long min, long max) {
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
  public Optional<Long> parameterInteger(String field, long min, long max) {
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

  public Optional<Boolean> bool(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof Boolean b)) {
      throw invalid(field, name(field) + " must be true or false");
    }
    return Optional.of(b);
  }

  /** true/false as JSON booleans or as the text "true"/"false". */
  public Optional<Boolean> parameterBool(String field) {
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

  public Optional<UUID> uuid(String field) {
    return string(field).map(text -> {
      if (!Ids.isUuid(text)) {
        throw invalid(field, name(field) + " must be a UUID");
      }
      return UUID.fromString(text);
    });
  }

  public UUID requiredUuid(String field) {
    if (!json.containsKey(field)) {
      throw invalid(field, name(field) + " is required");
    }
    return uuid(field).orElseThrow();
  }

  public Optional<JsonObject> object(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof JsonObject object)) {
      throw invalid(field, name(field) + " must be a JSON object");
    }
    return Optional.of(object);
  }

  public Optional<JsonArray> array(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof JsonArray array)) {
      throw invalid(field, name(field) + " must be a JSON array");
    }
    return Optional.of(array);
  }
}
