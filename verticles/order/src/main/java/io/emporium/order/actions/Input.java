package io.emporium.order.actions;

import io.emporium.contract.Ids;
import io.emporium.contract.ServiceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads a request body field by field; anything wrong is VALIDATION naming the field (with its prefix). */
final class Input {
  private final JsonObject body;
  private final String prefix;

  private Input(JsonObject body, String prefix) {
    this.body = body;
    this.prefix = prefix;
  }

  /** Refuses fields outside {@code allowed}. */
  static Input of(JsonObject body, Set<String> allowed) {
    return of(body, allowed, "");
  }

  static Input of(JsonObject body, Set<String> allowed, String prefix) {
    for (String name : body.fieldNames()) {
      if (!allowed.contains(name)) {
        throw ServiceError.invalid(prefix + name, "unknown field '" + prefix + name + "'").toException();
      }
    }
    return new Input(body, prefix);
  }

  RuntimeException invalid(String field, String message) {
    return ServiceError.invalid(prefix + field, message).toException();
  }

  UUID uuid(String field) {
    if (!(body.getValue(field) instanceof String text) || !Ids.isUuid(text)) {
      throw invalid(field, prefix + field + " is required and must be a UUID");
    }
    return UUID.fromString(text);
  }

  /** A whole number in [min, max]; {@code fallback} when absent. */
  int integer(String field, int min, int max, Integer fallback) {
    Object value = body.getValue(field);
    if (value == null && fallback != null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
        || n.doubleValue() > max) {
      throw invalid(field, prefix + field + " must be a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  Optional<String> text(String field, int maxLength) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text) || text.isBlank() || text.length() > maxLength) {
      throw invalid(field, prefix + field + " must be a text of 1 to " + maxLength + " characters");
    }
    return Optional.of(text);
  }

  Optional<Instant> instant(String field) {
    return text(field, 64).map(text -> {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw invalid(field, prefix + field + " must be an ISO-8601 instant, e.g. 2026-12-05T10:00:00Z");
      }
    });
  }

  Optional<JsonArray> array(String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof JsonArray array)) {
      throw invalid(field, prefix + field + " must be an array");
    }
    return Optional.of(array);
  }
}
