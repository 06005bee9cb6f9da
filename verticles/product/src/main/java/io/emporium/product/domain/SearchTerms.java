package io.emporium.product.domain;

import io.emporium.contract.ServiceError;
import java.util.ArrayList;
import java.util.List;

/**
 * A search query as words, with the rules both stores apply to each word: it matches a product word
 * that is equal to it; or, from {@value #PREFIX_MIN} characters, one it begins (a partial word:
 * "espres" finds "espresso"); or, for ASCII words from {@value #FUZZY_MIN} characters, an ASCII word
 * whose pg_trgm similarity to it is at least {@value #FUZZY_THRESHOLD} (a typo: "porcelian").
 * A product matches when every word of the query matches somewhere in its name, tags or description.
 */
public record SearchTerms(List<String> tokens) {
  public static final int MAX_QUERY_LENGTH = 200;
  public static final int MAX_TOKENS = 8;
  public static final int PREFIX_MIN = 2;
  public static final int FUZZY_MIN = 4;
  public static final float FUZZY_THRESHOLD = 0.4f;

  public SearchTerms {
    tokens = List.copyOf(tokens);
  }

  /** Parses what a shopper typed; VALIDATION on {@code field} when it has no word or too many. */
  public static SearchTerms parse(String query, String field) {
    if (query.isBlank()) {
      throw ServiceError.invalid(field, field + " must not be empty").toException();
    }
    if (query.length() > MAX_QUERY_LENGTH) {
      throw ServiceError.invalid(field, field + " must be at most " + MAX_QUERY_LENGTH + " characters").toException();
    }
    List<String> tokens = new ArrayList<>(SearchText.distinctWords(query));
    if (tokens.isEmpty()) {
      throw ServiceError.invalid(field, field + " must contain at least one letter or digit").toException();
    }
    if (tokens.size() > MAX_TOKENS) {
      throw ServiceError.invalid(field, field + " may have at most " + MAX_TOKENS + " words").toException();
    }
    return new SearchTerms(tokens);
  }

  public static boolean allowsPrefix(String token) {
    return token.codePointCount(0, token.length()) >= PREFIX_MIN;
  }

  public static boolean allowsFuzzy(String token) {
    return token.length() >= FUZZY_MIN && SearchText.isAsciiWord(token);
  }

  /** The words of the query that may match by similarity (their expansions are looked up in the store). */
  public List<String> fuzzyTokens() {
    return tokens.stream().filter(SearchTerms::allowsFuzzy).toList();
  }
}
