package io.emporium.product.domain;

import java.util.Locale;

/**
 * Where a reservation stands. HELD keeps its stock aside until it expires; CONFIRMED sold it;
 * RELEASED and EXPIRED gave it back; RETURNED gave back what CONFIRMED sold (an order cancelled after
 * payment). HELD changes once; CONFIRMED may change once more, to RETURNED; the others are final.
 */
public enum ReservationStatus {
  HELD,
  CONFIRMED,
  RELEASED,
  EXPIRED,
  RETURNED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
