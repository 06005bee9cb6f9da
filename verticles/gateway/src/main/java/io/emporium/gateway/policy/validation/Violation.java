package io.emporium.gateway.policy.validation;

import io.vertx.core.json.JsonObject;

/**
 * One field of a request that does not match the API contract: its name ({@code minPrice}, {@code If-Match},
 * {@code items[3].sku}), where it is ({@code path}, {@code query}, {@code header} or {@code body}) and what is
 * wrong, in words that never repeat the value sent.
 */
public record Violation(String field, String in, String detail) {
  /** Field names come from the request (unknown keys and parameters): never echo a huge one back. */
  static final int MAX_FIELD_LENGTH = 100;

  public Violation {
    field = shorten(field);
  }

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("in", in).put("detail", detail);
  }

  static String shorten(String text) {
    return text.length() <= MAX_FIELD_LENGTH ? text : text.substring(0, MAX_FIELD_LENGTH) + "…";
  }
}
