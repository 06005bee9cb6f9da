package io.emporium.product.search;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The relevance score, an integer both stores compute alike (PostgreSQL in SQL from weighted
 * tsqueries, the in-memory store here). Per query word, the best of: the kind of match (exact,
 * prefix, similar) times where it was found (name, tags, description), from this table:
 *
 * <pre>
 *              name  tags  description
 *   exact        30    20           10
 *   prefix       15    10            5
 *   similar       9     6            3
 * </pre>
 *
 * The score of a product is the sum over the query's words; a word that matches nowhere means no match.
 */
public final class Relevance {
  /** Points by field (name, tags, description) and kind (exact, prefix, similar). */
  public static final int[][] POINTS = {{30, 15, 9}, {20, 10, 6}, {10, 5, 3}};

  private Relevance() {}

  /** The words of a product's three searchable fields. */
  public record Fields(Set<String> name, Set<String> tags, Set<String> description) {
    List<Set<String>> all() {
      return List.of(name, tags, description);
    }
  }

  /** The score of a product for the terms; 0 means it does not match. */
  public static int score(SearchTerms terms, Fields fields) {
    int total = 0;
    for (String token : terms.tokens()) {
      int best = 0;
      List<Set<String>> all = fields.all();
      for (int f = 0; f < all.size(); f++) {
        best = Math.max(best, points(token, all.get(f), POINTS[f]));
      }
      if (best == 0) {
        return 0;
      }
      total += best;
    }
    return total;
  }

  private static int points(String token, Collection<String> words, int[] byKind) {
    if (words.contains(token)) {
      return byKind[0];
    }
    if (SearchTerms.allowsPrefix(token)) {
      for (String word : words) {
        if (word.startsWith(token)) {
          return byKind[1];
        }
      }
    }
    if (SearchTerms.allowsFuzzy(token)) {
      for (String word : words) {
        if (SearchText.isAsciiWord(word) && Trigrams.similarity(token, word) >= SearchTerms.FUZZY_THRESHOLD) {
          return byKind[2];
        }
      }
    }
    return 0;
  }
}
