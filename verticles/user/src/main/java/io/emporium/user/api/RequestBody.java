package io.emporium.user.api;

import io.emporium.platform.contract.Ids;
import io.emporium.platform.contract.ServiceError;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reads a request body defensively: every field is checked for its JSON type before use (a number
 * where a string belongs is VALIDATION, never a ClassCastException), and a field the action does not
 * take is VALIDATION naming it, never silently ignored.
 */
final class RequestBody {
  /** No string field of any action is longer; longer ones are refused before any other work. */
  static final int MAX_RAW_STRING = 1_024;

  private final JsonObject json;

  private RequestBody(JsonObject json) {
    this.json = json;
  }

  /**
   * @param allowed the fields the action takes
   * @param refused fields a client might try to set, with the reason they cannot be (others are "unknown")
   */
  static RequestBody of(JsonObject json, Set<String> allowed, Map<String, String> refused) {
    for (String field : new TreeSet<>(json.fieldNames())) {
      if (!allowed.contains(field)) {
        String reason = refused.getOrDefault(field, "unknown field '" + field + "'");
        throw ServiceError.invalid(field, reason).toException();
      }
    }
    return new RequestBody(json);
  }

  static RequestBody of(JsonObject json, Set<String> allowed) {
    return of(json, allowed, Map.of());
  }

  boolean has(String field) {
    return json.containsKey(field);
  }

  String requiredString(String field) {
    return optionalString(field).orElseThrow(() -> ServiceError.invalid(field, field + " is required").toException());
  }

  Optional<String> optionalString(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof String text)) {
      throw ServiceError.invalid(field, field + " must be a string").toException();
    }
    if (text.length() > MAX_RAW_STRING) {
      throw ServiceError.invalid(field, field + " is too long").toException();
    }
    return Optional.of(text);
  }

  /** An integer field (a JSON number without fraction); a string such as "2" is refused. */
  int integer(String field, int defaultValue, int min, int max) {
    if (!json.containsKey(field)) {
      return defaultValue;
    }
    Object value = json.getValue(field);
    if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
      throw ServiceError.invalid(field, field + " must be an integer between " + min + " and " + max).toException();
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw ServiceError.invalid(field, field + " must be between " + min + " and " + max).toException();
    }
    return (int) number;
  }

  Optional<UUID> optionalUuid(String field) {
    return optionalString(field).map(text -> {
      if (!Ids.isUuid(text)) {
        throw ServiceError.invalid(field, field + " must be a UUID").toException();
      }
      return UUID.fromString(text);
    });
  }

  UUID requiredUuid(String field) {
    return optionalUuid(field).orElseThrow(() -> ServiceError.invalid(field, field + " is required").toException());
  }

  Optional<JsonObject> optionalObject(String field) {
    if (!json.containsKey(field)) {
      return Optional.empty();
    }
    if (!(json.getValue(field) instanceof JsonObject object)) {
      throw ServiceError.invalid(field, field + " must be a JSON object").toException();
    }
    return Optional.of(object);
  }
}
