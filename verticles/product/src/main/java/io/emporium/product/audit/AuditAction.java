package io.emporium.product.audit;

import io.emporium.platform.audit.AuditedAction;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an audited change did; the entity it concerns follows from it (a log of changes to entities:
 * its entries keep the states before and after).
 */
public enum AuditAction implements AuditedAction {
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
  @Override
  public Optional<String> entity() {
    return Optional.of(entity);
  }

  /** The actions on one kind of entity. */
  public static List<AuditAction> on(String entity) {
    return Arrays.stream(values()).filter(a -> a.entity.equals(entity)).toList();
  }

  public static Optional<AuditAction> fromName(String name) {
    return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
  }
}
