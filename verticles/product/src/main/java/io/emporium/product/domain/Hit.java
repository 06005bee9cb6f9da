package io.emporium.product.domain;

/** A product a query found, with its relevance score (0 when not searching). */
public record Hit(Product product, int rank) {

  public Cursor.SortKey sortKey() {
    return new Cursor.SortKey(product.price(), SearchText.nameKey(product.name()), product.createdAt(), rank,
        product.id());
  }
}
