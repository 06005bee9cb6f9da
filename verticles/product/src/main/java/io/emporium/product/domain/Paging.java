package io.emporium.product.domain;

import java.util.Optional;

/**
 * Either a numbered page (with a total) or the continuation of an earlier listing after a cursor
 * (keyset paging: as fast on page 5,000 as on page 1, and stable while products are added).
 */
public record Paging(int page, int size, Optional<Cursor> after) {
  public static final int MAX_SIZE = 100;
  public static final int MAX_PAGE = 10_000;
  public static final int DEFAULT_SIZE = 20;

  public static Paging page(int page, int size) {
    return new Paging(page, size, Optional.empty());
  }

  public static Paging after(Cursor cursor, int size) {
    return new Paging(1, size, Optional.of(cursor));
  }

  public boolean cursorMode() {
    return after.isPresent();
  }

  public long offset() {
    return after.isPresent() ? 0 : (long) (page - 1) * size;
  }
}
