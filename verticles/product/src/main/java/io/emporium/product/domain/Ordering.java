package io.emporium.product.domain;

import java.util.Comparator;

/**
 * The order of each sort as a comparator of sort keys: the in-memory store sorts with it and tests
 * compare PostgreSQL's order to it. Ids compare as their canonical text, which is PostgreSQL's uuid order.
 */
public final class Ordering {
  private Ordering() {}

  /** The ascending key tuple of the field (see {@link Sort}). */
  public static Comparator<Cursor.SortKey> natural(SortField field) {
    Comparator<Cursor.SortKey> byId = Comparator.comparing(k -> k.id().toString());
    return switch (field) {
      case PRICE -> Comparator.comparing(Cursor.SortKey::price).thenComparing(byId);
      case NAME -> Comparator.comparing(Cursor.SortKey::nameKey, SearchText::compareCodePoints).thenComparing(byId);
      case NEWEST -> Comparator.comparing(Cursor.SortKey::createdAt).thenComparing(byId);
      case RELEVANCE -> Comparator.comparingInt((Cursor.SortKey k) -> -k.rank())
          .thenComparing(Cursor.SortKey::nameKey, SearchText::compareCodePoints).thenComparing(byId);
    };
  }

  /** The order of a listing. */
  public static Comparator<Cursor.SortKey> of(Sort sort) {
    Comparator<Cursor.SortKey> natural = natural(sort.field());
    return sort.reversed() ? natural.reversed() : natural;
  }
}
