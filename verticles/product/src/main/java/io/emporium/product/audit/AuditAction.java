package io.emporium.product.audit;

import java.util.Arrays;
import java.util.Optional;

/** What an audited change did; the entity it concerns follows from it. */
public enum AuditAction {
  PRODUCT_CREATE("product"),
  PRODUCT_UPDATE("product"),
  PRODUCT_DELETE("product"),
  STOCK_ADJUST("product"),
  STOCK_RESERVE("reservation"),
  STOCK_CONFIRM("reservation"),
  STOCK_RELEASE("reservation"),
  STOCK_EXPIRE("reservation"),
  STOCK_RETURN("reservation"),
  CATEGORY_CREATE("category"),
  CATEGORY_DELETE("category");

  private final String entity;

  AuditAction(String entity) {
    this.entity = entity;
  }

  /** {@code product}, {@code reservation} or {@code category}: what {@code targetId} identifies. */
  public String entity() {
    return entity;
  }

  public static Optional<AuditAction> fromName(String name) {
    return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
  }
}
