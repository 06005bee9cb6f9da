package io.emporium.gateway.policy.validation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field names a client may select with {@code fields=} on one operation: the properties of its
 * success answer's schema, or of the schema of its items when the answer is a list envelope (the
 * selection applies to each item then). Read from the document's own schemas, following local
 * {@code $ref}s and {@code allOf}. Empty when the document does not say (then any name is taken).
 */
final class AnswerFields {
  private static final int MAX_DEPTH = 16;

  private AnswerFields() {}

  static Optional<Set<String>> of(JsonObject document, String method, String openApiPath) {
    JsonObject operation = object(document, "paths", openApiPath, method.toLowerCase(java.util.Locale.ROOT));
    if (operation == null) {
      return Optional.empty();
    }
    JsonObject responses = operation.getJsonObject("responses", new JsonObject());
    JsonObject success = responses.getJsonObject("200", responses.getJsonObject("201"));
    JsonObject schema = success == null ? null : object(success, "content", "application/json", "schema");
    if (schema == null) {
      return Optional.empty();
    }
    Set<String> fields = properties(document, schema, 0);
    JsonObject items = property(document, schema, "items", 0);
    if (items != null && "array".equals(resolve(document, items, 0).getValue("type"))) {
      JsonObject item = resolve(document, items, 0).getJsonObject("items");
      fields = item == null ? Set.of() : properties(document, item, 0);
    }
    return fields.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(fields));
  }

  private static Set<String> properties(JsonObject document, JsonObject schema, int depth) {
    JsonObject resolved = resolve(document, schema, depth);
    Set<String> names = new TreeSet<>();
    JsonObject properties = resolved.getJsonObject("properties");
    if (properties != null) {
      names.addAll(properties.fieldNames());
    }
    JsonArray allOf = resolved.getJsonArray("allOf");
    if (allOf != null && depth < MAX_DEPTH) {
      allOf.forEach(part -> names.addAll(properties(document, (JsonObject) part, depth + 1)));
    }
    return names;
  }

  private static JsonObject property(JsonObject document, JsonObject schema, String name, int depth) {
    JsonObject resolved = resolve(document, schema, depth);
    JsonObject properties = resolved.getJsonObject("properties");
    if (properties != null && properties.getJsonObject(name) != null) {
      return properties.getJsonObject(name);
    }
    JsonArray allOf = resolved.getJsonArray("allOf");
    if (allOf != null && depth < MAX_DEPTH) {
      for (Object part : allOf) {
        JsonObject found = property(document, (JsonObject) part, name, depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Follows {@code #/...} references (the document's own); anything else is taken as it is. */
  private static JsonObject resolve(JsonObject document, JsonObject schema, int depth) {
    JsonObject current = schema;
    for (int i = depth; i < MAX_DEPTH && current.getValue("$ref") instanceof String ref && ref.startsWith("#/"); i++) {
      JsonObject target = object(document, ref.substring(2).split("/"));
      if (target == null) {
        return current;
      }
      current = target;
    }
    return current;
  }

  private static JsonObject object(JsonObject from, String... path) {
    JsonObject current = from;
    for (String step : path) {
      if (current == null || !(current.getValue(step.replace("~1", "/").replace("~0", "~")) instanceof JsonObject next)) {
        return null;
      }
      current = next;
    }
    return current;
  }
}
