package io.emporium.gateway.policy.limits;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A price given as a JSON number ({@code "price": 49.9}, {@code "price": {"amount": 49.9}}, and the same
 * in bulk items) goes on as the exact decimal text it was written as ({@code "49.9"}), so it is judged
 * exactly as the same price given as a string: by the API contract, then by the product service,
 * which takes an amount with a fraction only as text because the event bus's JSON codec would turn a
 * number with a fraction into a double on the way.
 */
final class PriceAmounts {
  private static final Pattern PRICE_FIELD = Pattern.compile("(items\\[\\d+\\]\\.)?price(\\.amount)?");
  /** No amount has more digits than this on either side of the point (the product service's own bound). */
  private static final int MAX_DIGITS = 20;

  private PriceAmounts() {}

  static boolean isPriceField(String path) {
    return PRICE_FIELD.matcher(path).matches();
  }

  /**
   * {@code 49.9}, {@code 100} (for 1e2 and 100.00 too), {@code -1.5}; a number too long to be an amount
   * keeps its short scientific form ({@code 1E+999999999}), never expanded, and is refused as any
   * malformed amount.
   */
  static String text(Number number) {
    BigDecimal exact = (number instanceof BigDecimal decimal ? decimal
        : number instanceof BigInteger big ? new BigDecimal(big) : BigDecimal.valueOf(number.longValue()))
        .stripTrailingZeros();
    if (exact.scale() > MAX_DIGITS || exact.precision() - exact.scale() > MAX_DIGITS) {
      return exact.toString();
    }
    return (exact.scale() < 0 ? exact.setScale(0) : exact).toPlainString();
  }
}
