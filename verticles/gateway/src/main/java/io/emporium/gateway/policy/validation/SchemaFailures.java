package io.emporium.gateway.policy.validation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the failures vertx-json-schema reports (its "basic" output: every failing keyword, with the
 * schema and instance locations) into one {@link Violation} per field at fault. The basic output also
 * lists the wrappers of a failure (a property, an array item, a {@code $ref}) and the failing branches
 * of an {@code anyOf}; neither names a field on its own, so both are left out. The words come from the
 * schema (its bounds, its enum, its {@code description}), never from the value sent.
 */
final class SchemaFailures {
  /** Keywords that only carry the failures of a sub-schema; kept only when nothing more precise is below them. */
  private static final Set<String> WRAPPERS = Set.of("properties", "items", "prefixItems", "$ref", "$dynamicRef",
      "additionalProperties", "patternProperties", "propertyNames", "allOf", "dependentSchemas", "if", "then", "else",
      "contains", "unevaluatedProperties", "unevaluatedItems", "additionalItems");
  /** Keywords whose failing branches say nothing useful: the keyword's own failure stands for them. */
  private static final Set<String> CHOICES = Set.of("anyOf", "oneOf", "not");

  private SchemaFailures() {}

  /**
   * @param schema the schema that was validated (resolved: its {@code $ref}s are inlined)
   * @param instance the value that was validated
   * @param root the field name of the whole value ({@code body}, or the parameter's name)
   * @param in where the value is in the request
   */
  static List<Violation> of(OutputUnit result, JsonSchema schema, Object instance, String root, String in) {
    List<OutputUnit> units = result.getErrors() == null ? List.of() : result.getErrors();
    List<String> choices = units.stream().filter(u -> CHOICES.contains(keyword(u)))
        .map(u -> u.getKeywordLocation() + "/").toList();
    List<OutputUnit> relevant = units.stream()
        .filter(u -> choices.stream().noneMatch(c -> u.getKeywordLocation().startsWith(c)))
        .toList();
    Map<String, Violation> byField = new LinkedHashMap<>();
    for (OutputUnit unit : relevant) {
      if (WRAPPERS.contains(keyword(unit)) && hasMorePrecise(unit, relevant)) {
        continue;
      }
      for (Violation violation : describe(unit, schema, instance, root, in)) {
        byField.putIfAbsent(violation.field(), violation);
      }
    }
    if (byField.isEmpty()) {
      byField.put(root, new Violation(root, in, root + " does not match the API contract"));
    }
    return new ArrayList<>(byField.values());
  }

  /** True when another failure lies inside the wrapper: deeper in the value, or deeper in its sub-schema. */
  private static boolean hasMorePrecise(OutputUnit wrapper, List<OutputUnit> units) {
    String at = wrapper.getInstanceLocation();
    String keyword = wrapper.getKeywordLocation() + "/";
    return units.stream().anyMatch(u -> u != wrapper && (u.getInstanceLocation().startsWith(at + "/")
        || u.getInstanceLocation().equals(at) && u.getKeywordLocation().startsWith(keyword)));
  }

  private static List<Violation> describe(OutputUnit unit, JsonSchema schema, Object instance, String root,
      String in) {
    String keyword = keyword(unit);
    JsonObject where = parentSchema(schema, unit.getKeywordLocation());
    List<String> path = pointer(unit.getInstanceLocation());
    if (keyword.equals("required")) {
      // one failure per missing property; the property is named in the schema, not in the location
      Object object = at(instance, path);
      JsonArray required = where.getJsonArray("required", new JsonArray());
      List<Violation> missing = new ArrayList<>();
      for (Object name : required) {
        if (object instanceof JsonObject json && !json.containsKey((String) name)) {
          List<String> child = new ArrayList<>(path);
          child.add((String) name);
          String field = fieldName(root, child, instance);
          missing.add(new Violation(field, in, field + " is required"));
        }
      }
      return missing;
    }
    String field = fieldName(root, path, instance);
    return List.of(new Violation(field, in, Details.of(keyword, where, Violation.shorten(field))));
  }

  /** The schema object that holds the failing keyword, found by walking the keyword location. */
  private static JsonObject parentSchema(JsonSchema schema, String keywordLocation) {
    List<String> segments = pointer(keywordLocation);
    Object current = schema;
    for (int i = 0; i < segments.size() - 1; i++) {
      String segment = segments.get(i);
      if (segment.equals("$ref") || segment.equals("$dynamicRef")) {
        continue; // the contract is resolved: the referenced schema is already inlined here
      }
      if (current instanceof JsonSchema s) {
        current = s.get(segment);
      } else if (current instanceof JsonObject o) {
        current = o.getValue(segment);
      } else if (current instanceof JsonArray a && segment.chars().allMatch(Character::isDigit)) {
        int index = Integer.parseInt(segment);
        current = index < a.size() ? a.getValue(index) : null;
      } else {
        return new JsonObject();
      }
    }
    if (current instanceof JsonSchema s) {
      JsonObject json = new JsonObject();
      s.fieldNames().forEach(key -> json.put(key, s.get(key)));
      return json;
    }
    return current instanceof JsonObject o ? o : new JsonObject();
  }

  /** The value at a location of the instance, or null. */
  private static Object at(Object instance, List<String> path) {
    Object current = instance;
    for (String segment : path) {
      if (current instanceof JsonObject o) {
        current = o.getValue(segment);
      } else if (current instanceof JsonArray a && segment.chars().allMatch(Character::isDigit)) {
        int index = Integer.parseInt(segment);
        current = index < a.size() ? a.getValue(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }

  /**
   * The field as the rest of the API names it: {@code price}, {@code retry.maxAttempts}, {@code items[3].sku}
   * (dots between object keys, brackets for array items); the whole value is {@code root}.
   */
  static String fieldName(String root, List<String> path, Object instance) {
    if (path.isEmpty()) {
      return root;
    }
    StringBuilder field = new StringBuilder();
    Object current = instance;
    for (String segment : path) {
      if (current instanceof JsonArray array) {
        if (field.length() == 0) {
          field.append(root);
        }
        field.append('[').append(segment).append(']');
        int index = segment.chars().allMatch(Character::isDigit) && segment.length() < 10 ? Integer.parseInt(segment) : -1;
        current = index >= 0 && index < array.size() ? array.getValue(index) : null;
      } else {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(segment);
        current = current instanceof JsonObject object ? object.getValue(segment) : null;
      }
      if (field.length() > Violation.MAX_FIELD_LENGTH) {
        break;
      }
    }
    return field.toString();
  }

  private static String keyword(OutputUnit unit) {
    String location = unit.getKeywordLocation();
    return location == null ? "" : location.substring(location.lastIndexOf('/') + 1);
  }

  /** "#/a/b~1c" as its segments a, b/c (JSON pointer escapes undone). */
  private static List<String> pointer(String location) {
    if (location == null || location.length() < 2) {
      return List.of();
    }
    List<String> segments = new ArrayList<>();
    for (String raw : location.substring(2).split("/", -1)) {
      segments.add(decode(raw).replace("~1", "/").replace("~0", "~"));
    }
    return segments;
  }

  /** vertx-json-schema percent-encodes the instance pointer's segments (as in a URI fragment). */
  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return segment;
    }
  }
}
