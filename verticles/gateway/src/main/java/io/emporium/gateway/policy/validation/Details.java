package io.emporium.gateway.policy.validation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a failing JSON-schema keyword means for a field, in words built from the schema: its bounds, its
 * enum, its type, or its {@code description} (written as what the value must be, e.g. "a decimal from 0
 * ... such as 12.90") for the rules only a sentence explains: patterns, formats, alternatives.
 */
final class Details {
  private static final Map<String, String> FORMATS = Map.of(
      "uuid", "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6",
      "date", "an ISO date (YYYY-MM-DD)",
      "date-time", "an ISO instant such as 2026-11-25T10:00:00Z",
      "email", "an email address");
  private static final int MAX_LISTED = 12;

  private Details() {}

  static String of(String keyword, JsonObject schema, String field) {
    String description = schema.getValue("description") instanceof String d ? d : null;
    return switch (keyword) {
      case "type" -> field + " must be " + types(schema.getValue("type"));
      case "enum" -> field + " must be one of " + listed(schema.getJsonArray("enum", new JsonArray()));
      case "const" -> description != null ? field + " must be " + description
          : field + " must be " + schema.getValue("const");
      case "minLength" -> schema.getValue("minLength") instanceof Number n && n.intValue() == 1
          ? field + " must not be empty" : field + " must have " + lengths(schema) + " characters";
      case "maxLength" -> field + " must have " + lengths(schema) + " characters";
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> field + " must be " + range(schema);
      case "multipleOf" -> field + " must be a multiple of " + schema.getValue("multipleOf");
      case "minItems", "maxItems" -> field + " must have " + bounds(schema.getValue("minItems"),
          schema.getValue("maxItems")) + " entries";
      case "uniqueItems" -> field + " must not list an entry twice";
      case "minProperties", "maxProperties" -> field + " must have " + bounds(schema.getValue("minProperties"),
          schema.getValue("maxProperties")) + " fields";
      case "additionalProperties", "unevaluatedProperties" -> field + " is not a field this request takes";
      case "format" -> field + " must be " + (description != null ? description
          : FORMATS.getOrDefault(String.valueOf(schema.getValue("format")), "a " + schema.getValue("format")));
      default -> description != null ? field + " must be " + description
          : field + " does not match the API contract";
    };
  }

  private static String types(Object type) {
    List<String> names = new ArrayList<>();
    if (type instanceof JsonArray many) {
      many.forEach(t -> names.add(type(String.valueOf(t))));
    } else {
      names.add(type(String.valueOf(type)));
    }
    return String.join(" or ", names);
  }

  private static String type(String type) {
    return switch (type) {
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "object" -> "a JSON object";
      case "array" -> "a JSON array";
      case "null" -> "null";
      default -> type;
    };
  }

  private static String listed(JsonArray values) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < values.size() && i < MAX_LISTED; i++) {
      names.add(String.valueOf(values.getValue(i)));
    }
    return String.join(", ", names) + (values.size() > MAX_LISTED ? ", ..." : "");
  }

  private static String lengths(JsonObject schema) {
    return bounds(schema.getValue("minLength"), schema.getValue("maxLength"));
  }

  private static String bounds(Object min, Object max) {
    if (min != null && max != null) {
      return min + " to " + max;
    }
    return min != null ? "at least " + min : "at most " + max;
  }

  /** Draft 2020-12 bounds: minimum/maximum inclusive, exclusiveMinimum/exclusiveMaximum numbers. */
  private static String range(JsonObject schema) {
    String kind = "integer".equals(schema.getValue("type")) ? "a whole number" : "a number";
    Object min = schema.getValue("minimum");
    Object max = schema.getValue("maximum");
    Object above = schema.getValue("exclusiveMinimum");
    Object below = schema.getValue("exclusiveMaximum");
    List<String> parts = new ArrayList<>();
    if (min != null && max != null) {
      return kind + " from " + min + " to " + max;
    }
    if (min != null) {
      parts.add("at least " + min);
    }
    if (above instanceof Number) {
      parts.add("above " + above);
    }
    if (max != null) {
      parts.add("at most " + max);
    }
    if (below instanceof Number) {
      parts.add("below " + below);
    }
    return kind + (parts.isEmpty() ? "" : " " + String.join(" and ", parts));
  }
}
