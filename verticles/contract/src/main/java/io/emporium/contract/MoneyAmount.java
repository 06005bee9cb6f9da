package io.emporium.contract;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What an amount of money is in the contract: an exact decimal from 0 to {@link #MAX} with at most two
 * decimals (cents), never binary floating point. The product service checks every amount it is given
 * with it; the gateway's API document states the same bounds.
 */
public final class MoneyAmount {
  public static final BigDecimal MAX = new BigDecimal("9999999999.99");
  public static final int DECIMALS = 2;

  private MoneyAmount() {}

  /** Why {@code amount} cannot be an amount, naming {@code field}; empty when it can. */
  public static Optional<String> problem(BigDecimal amount, String field) {
    if (amount.signum() < 0) {
      return Optional.of(field + " must be zero or more");
    }
    // Compared before the scale is looked at: 1e999999999 must not be expanded.
    if (amount.compareTo(MAX) > 0) {
      return Optional.of(field + " must be at most " + MAX.toPlainString());
    }
    if (amount.stripTrailingZeros().scale() > DECIMALS) {
      return Optional.of(field + " may have at most " + DECIMALS + " decimals (an amount is exact to the cent)");
    }
    return Optional.empty();
  }
}
