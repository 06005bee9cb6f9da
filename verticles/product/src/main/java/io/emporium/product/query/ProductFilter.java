package io.emporium.product.query;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a listing keeps, beyond being active. {@code category} includes its subcategories; {@code tag}
 * is compared in lower case; {@code inStock} true means stock above zero, false exactly zero.
 */
public record ProductFilter(Optional<String> category, Optional<BigDecimal> minPrice, Optional<BigDecimal> maxPrice,
    Optional<String> tag, Optional<Boolean> featured, Optional<Boolean> inStock) {

  public static ProductFilter none() {
    return new ProductFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  public ProductFilter withFeatured(boolean value) {
    return new ProductFilter(category, minPrice, maxPrice, tag, Optional.of(value), inStock);
  }

  /** A stable text of the filter, part of a cursor's fingerprint. */
  String fingerprintText() {
    return "c=" + category.orElse("") + "|min=" + minPrice.map(BigDecimal::toPlainString).orElse("")
        + "|max=" + maxPrice.map(BigDecimal::toPlainString).orElse("") + "|t=" + tag.orElse("")
        + "|f=" + featured.map(String::valueOf).orElse("") + "|s=" + inStock.map(String::valueOf).orElse("");
  }
}
