package io.emporium.product.domain;

/**
 * An order. Internally each order is an ascending comparison of a key tuple ending in the id:
 * (price, id), (nameKey, id), (createdAt, id), (-rank, nameKey, id). {@link #reversed()} says whether
 * the listing runs that tuple backwards: price/name/newest "desc", relevance "asc".
 */
public record Sort(SortField field, Direction direction) {

  public boolean reversed() {
    return field == SortField.RELEVANCE ? direction == Direction.ASC : direction == Direction.DESC;
  }
}
