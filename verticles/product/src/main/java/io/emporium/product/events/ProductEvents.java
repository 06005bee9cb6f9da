package io.emporium.product.events;

/**
 * The domain events of the product service, published on {@code emporium.events.<name>} through the
 * outbox. Every event is the envelope {"id","type","occurredAt","payload"}; payloads:
 *
 * <ul>
 *   <li>{@value #CREATED}: {"id","sku","version","product"}
 *   <li>{@value #UPDATED}: {"id","sku","version","product"}
 *   <li>{@value #DELETED}: {"id","sku","version"} (the last version)
 *   <li>{@value #STOCK_CHANGED}: {"productId","sku","stock","previousStock","delta","version","reason",
 *       "reservationId"?}; reason is adjustment, update, reservation, release, expiry or return. The product's
 *       version changed with it, so caches drop the product on this event too.
 *   <li>{@value #STOCK_LOW}: {"productId","sku","stock","threshold"}, when a change takes the stock from
 *       above the threshold to at or below it
 *   <li>{@value #CATEGORY_CREATED}, {@value #CATEGORY_DELETED}: {"slug","name","parent"}
 * </ul>
 */
public final class ProductEvents {
  public static final String CREATED = "product.created";
  public static final String UPDATED = "product.updated";
  public static final String DELETED = "product.deleted";
  public static final String STOCK_CHANGED = "stock.changed";
  public static final String STOCK_LOW = "stock.low";
  public static final String CATEGORY_CREATED = "category.created";
  public static final String CATEGORY_DELETED = "category.deleted";

  private ProductEvents() {}
}
