package io.emporium.product.stock;

import java.util.Locale;

/**
 * Where a reservation stands. HELD keeps its stock aside until it expires; CONFIRMED sold it;
 * RELEASED and EXPIRED gave it back. Only HELD changes, and only once.
 */
public enum ReservationStatus {
  HELD,
  CONFIRMED,
  RELEASED,
  EXPIRED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
