package io.emporium.product.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One listing or search of active products: what to find, in which order, which part of it. Amounts of
 * different currencies are never compared: a price order or a price bound needs the filter's currency,
 * so neither store can be asked to mix them.
 */
public record ProductQuery(Optional<SearchTerms> terms, ProductFilter filter, Sort sort, Paging paging) {
  public ProductQuery {
    if (comparesPrices(filter, sort) && filter.currency().isEmpty()) {
      throw new IllegalArgumentException("a price order or price bound needs the filter's currency");
    }
  }

  /** Whether the query orders or bounds by price, which is meaningful in one currency only. */
  public static boolean comparesPrices(ProductFilter filter, Sort sort) {
    return sort.field() == SortField.PRICE || filter.minPrice().isPresent() || filter.maxPrice().isPresent();
  }

  /** Identifies the query apart from its paging: a cursor is valid only for the query that issued it. */
  public static String fingerprint(Optional<SearchTerms> terms, ProductFilter filter, Sort sort) {
    String text = "q=" + terms.map(t -> String.join(" ", t.tokens())).orElse("") + "|" + filter.fingerprintText()
        + "|sort=" + sort.field().wireName() + "." + sort.direction().wireName();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String fingerprint() {
    return fingerprint(terms, filter, sort);
  }
}
