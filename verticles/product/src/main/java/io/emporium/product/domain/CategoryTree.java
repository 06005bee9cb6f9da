package io.emporium.product.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the tree of {@code GET /api/categories}, and the subtree a category filter covers. */
public final class CategoryTree {
  private CategoryTree() {}

  /**
   * Roots in slug order, each {"slug","name","parent","productCount","totalCount","children"}:
   * productCount counts active products filed directly under the category, totalCount those in it and
   * all its subcategories.
   */
  public static JsonArray toJson(List<CategoryCount> categories) {
    Map<String, List<CategoryCount>> children = new HashMap<>();
    List<CategoryCount> roots = new ArrayList<>();
    for (CategoryCount c : sorted(categories)) {
      c.category().parent().ifPresentOrElse(
          p -> children.computeIfAbsent(p, k -> new ArrayList<>()).add(c),
          () -> roots.add(c));
    }
    JsonArray tree = new JsonArray();
    roots.forEach(r -> tree.add(node(r, children)));
    return tree;
  }

  /** The node of {@code slug} anywhere in a tree made by {@link #toJson}. */
  public static java.util.Optional<JsonObject> find(JsonArray tree, String slug) {
    for (Object item : tree) {
      JsonObject node = (JsonObject) item;
      if (slug.equals(node.getString("slug"))) {
        return java.util.Optional.of(node);
      }
      java.util.Optional<JsonObject> below = find(node.getJsonArray("children"), slug);
      if (below.isPresent()) {
        return below;
      }
    }
    return java.util.Optional.empty();
  }

  /** The slug and every slug below it; empty when {@code slug} is not a category. */
  public static Set<String> subtree(List<Category> categories, String slug) {
    Set<String> found = new LinkedHashSet<>();
    if (categories.stream().noneMatch(c -> c.slug().equals(slug))) {
      return found;
    }
    found.add(slug);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Category c : categories) {
        if (c.parent().isPresent() && found.contains(c.parent().get()) && found.add(c.slug())) {
          grew = true;
        }
      }
    }
    return found;
  }

  private static JsonObject node(CategoryCount c, Map<String, List<CategoryCount>> children) {
    JsonArray kids = new JsonArray();
    long total = c.products();
    for (CategoryCount child : children.getOrDefault(c.category().slug(), List.of())) {
      JsonObject kid = node(child, children);
      total += kid.getLong("totalCount");
      kids.add(kid);
    }
    return c.category().toJson()
        .put("productCount", c.products())
        .put("totalCount", total)
        .put("children", kids);
  }

  private static List<CategoryCount> sorted(List<CategoryCount> categories) {
    List<CategoryCount> copy = new ArrayList<>(categories);
    copy.sort(Comparator.comparing((CategoryCount c) -> c.category().slug(), SearchText::compareCodePoints));
    return copy;
  }
}
