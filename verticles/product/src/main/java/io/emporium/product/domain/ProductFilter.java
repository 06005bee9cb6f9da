package io.emporium.product.domain;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a listing keeps, beyond being active. {@code category} includes its subcategories; {@code tag}
 * is compared in lower case; {@code inStock} true means stock above zero, false exactly zero;
 * {@code currency} keeps the products priced in it, and a price bound is an amount in it.
 */
public record ProductFilter(Optional<String> category, Optional<BigDecimal> minPrice, Optional<BigDecimal> maxPrice,
    Optional<String> tag, Optional<Boolean> featured, Optional<Boolean> inStock, Optional<String> currency) {

  /** A filter in any currency (no price bound may be given with it: see {@link ProductQuery}). */
  public ProductFilter(Optional<String> category, Optional<BigDecimal> minPrice, Optional<BigDecimal> maxPrice,
      Optional<String> tag, Optional<Boolean> featured, Optional<Boolean> inStock) {
    this(category, minPrice, maxPrice, tag, featured, inStock, Optional.empty());
  }

  public static ProductFilter none() {
    return new ProductFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  public ProductFilter withFeatured(boolean value) {
    return new ProductFilter(category, minPrice, maxPrice, tag, Optional.of(value), inStock, currency);
  }

  public ProductFilter inCurrency(String code) {
    return new ProductFilter(category, minPrice, maxPrice, tag, featured, inStock, Optional.of(code));
  }

  /** A stable text of the filter, part of a cursor's fingerprint. */
  String fingerprintText() {
    return "c=" + category.orElse("") + "|min=" + minPrice.map(BigDecimal::toPlainString).orElse("")
        + "|max=" + maxPrice.map(BigDecimal::toPlainString).orElse("") + "|t=" + tag.orElse("")
        + "|f=" + featured.map(String::valueOf).orElse("") + "|s=" + inStock.map(String::valueOf).orElse("")
        + "|cur=" + currency.orElse("");
  }
}
