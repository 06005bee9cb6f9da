package io.emporium.order.catalogue;

import java.time.Instant;

/**
 * A reservation as the product service answered it: its status ({@code held}, or {@code confirmed},
 * {@code released}, {@code expired}, {@code returned} for one made before) and when a held one expires.
 */
public record Hold(String status, Instant expiresAt) {

  /** Held, or confirmed already: the stock is the order's either way. */
  public boolean holds() {
    return "held".equals(status) || "confirmed".equals(status);
  }
}
