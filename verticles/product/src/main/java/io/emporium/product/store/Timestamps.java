package io.emporium.product.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The stores' time precision. */
final class Timestamps {
  private Timestamps() {}

  /** Same precision as PostgreSQL's timestamptz, so both stores return equal values. */
  static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }
}
