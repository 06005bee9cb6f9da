package io.emporium.product.store;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.CategoryCount;
import io.emporium.product.domain.CategoryRules;
import io.emporium.product.domain.CategoryTree;
import io.emporium.product.domain.Change;
import io.emporium.product.domain.Product;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The category tree of the in-memory store; synchronized on the products (see {@link InMemoryProducts}). */
final class InMemoryCategoryStore implements CategoryStore {
  private final Map<String, Category> categories = new LinkedHashMap<>();
  private final InMemoryProducts products;
  private final InMemoryChangeLog changes;

  InMemoryCategoryStore(InMemoryProducts products, InMemoryChangeLog changes) {
    this.products = products;
    this.changes = changes;
  }

  /** For the other stores, which hold the lock already. */
  boolean exists(String slug) {
    return categories.containsKey(slug);
  }

  /** The category and all below it, empty when it does not exist; for the other stores, which hold the lock. */
  Set<String> subtree(String slug) {
    return CategoryTree.subtree(List.copyOf(categories.values()), slug);
  }

  @Override
  public Future<List<CategoryCount>> categories() {
    synchronized (products) {
      Map<String, Long> counts = new HashMap<>();
      for (InMemoryProducts.Indexed i : products.all()) {
        Product p = i.product();
        if (p.status() == Product.Status.ACTIVE && p.category() != null) {
          counts.merge(p.category(), 1L, Long::sum);
        }
      }
      return Future.succeededFuture(categories.values().stream()
          .map(c -> new CategoryCount(c, counts.getOrDefault(c.slug(), 0L))).toList());
    }
  }

  @Override
  public Future<Category> createCategory(Category category, Recorder recorder) {
    synchronized (products) {
      if (categories.containsKey(category.slug())) {
        return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "a category with this slug exists", "slug")
            .toException());
      }
      if (category.parent().isPresent() && !categories.containsKey(category.parent().get())) {
        return Future.failedFuture(CategoryRules.unknownParent(category.parent().get()).toException());
      }
      categories.put(category.slug(), category);
      changes.record(List.of(Change.categoryCreated(category)), recorder, Timestamps.micros(Instant.now()));
      return Future.succeededFuture(category);
    }
  }

  @Override
  public Future<Void> deleteCategory(String slug, Recorder recorder) {
    synchronized (products) {
      Category category = categories.get(slug);
      if (category == null) {
        return Future.failedFuture(CategoryRules.notFound(slug).toException());
      }
      if (categories.values().stream().anyMatch(c -> c.parent().filter(slug::equals).isPresent())) {
        return Future.failedFuture(CategoryRules.hasSubcategories().toException());
      }
      if (products.all().stream().anyMatch(i -> slug.equals(i.product().category()))) {
        return Future.failedFuture(CategoryRules.hasProducts().toException());
      }
      categories.remove(slug);
      changes.record(List.of(Change.categoryDeleted(category)), recorder, Timestamps.micros(Instant.now()));
      return Future.succeededFuture();
    }
  }
}
