package io.emporium.product.domain;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;

/** The answers about categories that both stores give. */
public final class CategoryRules {
  private CategoryRules() {}

  /** NOT_FOUND: there is no category with this slug. */
  public static ServiceError notFound(String slug) {
    return ServiceError.notFound("no category '" + slug + "'");
  }

  /** VALIDATION on {@code parent}: a new category's parent does not exist. */
  public static ServiceError unknownParent(String parent) {
    return ServiceError.invalid("parent", "unknown category '" + parent + "'");
  }

  /** VALIDATION on {@code category}: a listing asks for a category that does not exist. */
  public static ServiceError unknownFilter(String slug) {
    return ServiceError.invalid("category", "unknown category '" + slug + "'");
  }

  /** CONFLICT: a category with subcategories is not deleted. */
  public static ServiceError hasSubcategories() {
    return ServiceError.of(ErrorCode.CONFLICT, "the category has subcategories");
  }

  /** CONFLICT: a category that products are filed under is not deleted. */
  public static ServiceError hasProducts() {
    return ServiceError.of(ErrorCode.CONFLICT, "products are filed under the category");
  }
}
