package io.emporium.order.domain;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Amounts of the order service: exact decimals with two places, shown as strings with their currency. */
public final class Money {
  public static final int DECIMALS = 2;

  private Money() {}

  /** The amount with exactly two decimals; more than two (a price is exact to the cent) is a bug upstream. */
  public static BigDecimal exact(BigDecimal amount) {
    return amount.setScale(DECIMALS, RoundingMode.UNNECESSARY);
  }

  public static BigDecimal sum(List<BigDecimal> amounts) {
    return exact(amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  /** {"amount":"12.90","currency":"EUR"}, the catalogue's Price shape. */
  public static JsonObject json(BigDecimal amount, String currency) {
    return new JsonObject().put("amount", exact(amount).toPlainString()).put("currency", currency);
  }
}
