package io.emporium.product.store;

import io.emporium.product.domain.Category;
import io.emporium.product.domain.CategoryCount;
import io.vertx.core.Future;
import java.util.List;

/** The category tree products are filed under. */
public interface CategoryStore {

  /** Every category with its number of active products. */
  Future<List<CategoryCount>> categories();

  /** CONFLICT on slug when it exists; VALIDATION on parent when the parent does not. */
  Future<Category> createCategory(Category category, Recorder recorder);

  /** NOT_FOUND when unknown; CONFLICT while products or subcategories are filed under it. */
  Future<Void> deleteCategory(String slug, Recorder recorder);
}
