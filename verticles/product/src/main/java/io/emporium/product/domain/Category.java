package io.emporium.product.domain;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.regex.Pattern;

/** A node of the category tree, named by a slug ("coffee-and-tea"); the roots have no parent. */
public record Category(String slug, String name, Optional<String> parent) {
  public static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  public static final int MAX_SLUG = 64;
  public static final int MAX_NAME = 100;

  public JsonObject toJson() {
    return new JsonObject().put("slug", slug).put("name", name).put("parent", parent.orElse(null));
  }
}
