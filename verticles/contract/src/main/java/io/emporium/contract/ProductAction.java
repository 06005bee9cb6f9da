package io.emporium.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Actions of the product service. Request and reply shapes are documented in EVENT-BUS-CONTRACT.md.
 * "admin" actions need the admin role in caller-roles (the service checks it itself). The stock
 * reservation actions are for other services; they are idempotent on the reservation id.
 */
public enum ProductAction implements Action {
  /** {} -> {"status":"UP","instanceId":..,"store":..,"database":"UP"|"DOWN"} */
  HEALTH("health", true),
  /** {"id": uuid} -> product */
  GET("product.get", true),
  /** filters, sort, page/size or cursor -> {"items","page","size","total","nextCursor"} of active products. */
  LIST("product.list", true),
  /** {"query"} plus the filters, sort and paging of LIST -> the same envelope, most relevant first. */
  SEARCH("product.search", true),
  /** {"page"?,"size"?,"cursor"?} -> the envelope of active featured products, newest first. */
  FEATURED("product.featured", true),
  /** {} -> {"items": category tree with product counts}. */
  CATEGORIES("product.categories", true),
  /** {"slug"} -> the category as in the tree (counts and subcategories); NOT_FOUND when there is none. */
  CATEGORY("product.category", true),
  /** admin: product fields -> the created product (version 1). */
  ADMIN_CREATE("product.admin.create", false),
  /** admin: {"id","version", fields to change} -> the product; PRECONDITION_FAILED on a stale version. */
  ADMIN_UPDATE("product.admin.update", false),
  /** admin: {"id","version"?} -> {}. */
  ADMIN_DELETE("product.admin.delete", false),
  /** admin: {"id","featured"} -> the product (no new version when the flag already has that value). */
  ADMIN_SET_FEATURED("product.admin.set-featured", true),
  /** admin: {"id","delta"} -> the product; CONFLICT (and no change) when stock would go below zero. */
  ADMIN_ADJUST_STOCK("product.admin.stock.adjust", false),
  /** admin: {"atomic"?,"items":[{"op":"create"|"update"|"delete",...}]} (up to 1,000) -> a result per item. */
  ADMIN_BULK("product.admin.bulk", false),
  /** admin: {"slug","name","parent"?} -> the category. */
  ADMIN_CATEGORY_CREATE("product.admin.category.create", false),
  /** admin: {"slug"} -> {}; CONFLICT while it has products or subcategories. */
  ADMIN_CATEGORY_DELETE("product.admin.category.delete", false),
  /** admin: {"page","size","actor"?,"action"?,"target"?,"from"?,"to"?} -> list envelope of audit entries. */
  ADMIN_AUDIT("product.admin.audit", true),
  /** admin: {} -> outbox counts: pending, delivered, dead, retried, oldest pending age. */
  ADMIN_QUEUE_STATS("product.admin.queue-stats", true),
  /** {"reservationId","items":[{"productId","quantity"}],"ttlSeconds"?} -> the reservation (all items or none). */
  STOCK_RESERVE("product.stock.reserve", true),
  /** {"reservationId"} -> the reservation, confirmed: its stock is sold. */
  STOCK_CONFIRM("product.stock.confirm", true),
  /** {"reservationId"} -> the reservation, released: its stock is back. */
  STOCK_RELEASE("product.stock.release", true),
  /**
   * {"reservationId"} -> the reservation, returned: a confirmed reservation's units are back in stock (an
   * order cancelled after payment). Returning again answers it; a held, released or expired one is CONFLICT.
   */
  STOCK_RETURN("product.stock.return", true);

  private final String wireName;
  private final boolean idempotent;

  ProductAction(String wireName, boolean idempotent) {
    this.wireName = wireName;
    this.idempotent = idempotent;
  }

  @Override
  public ServiceName service() {
    return ServiceName.PRODUCT;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  @Override
  public boolean idempotent() {
    return idempotent;
  }

  @Override
  public boolean readOnly() {
    return idempotent && switch (this) {
      case ADMIN_SET_FEATURED, STOCK_RESERVE, STOCK_CONFIRM, STOCK_RELEASE, STOCK_RETURN -> false;
      default -> true;
    };
  }

  public static Optional<ProductAction> fromWire(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
  }
}
