package io.emporium.product.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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

  /**
   * A query word with the known words it matches by prefix and by similarity, looked up once per query
   * in the store's word list (as PostgreSQL looks similar words up in its own).
   */
  public record Expansion(String token, Set<String> prefixed, Set<String> similar) {}

  /** Expands each word of the query against every word the catalogue knows. */
  public static List<Expansion> expand(SearchTerms terms, Collection<String> knownWords) {
    List<Expansion> expansions = new ArrayList<>();
    for (String token : terms.tokens()) {
      Set<String> prefixed = new HashSet<>();
      Set<String> similar = new HashSet<>();
      boolean prefix = SearchTerms.allowsPrefix(token);
      boolean fuzzy = SearchTerms.allowsFuzzy(token);
      for (String word : knownWords) {
        if (prefix && word.startsWith(token)) {
          prefixed.add(word);
        }
        if (fuzzy && SearchText.isAsciiWord(word) && Trigrams.similarity(token, word) >= SearchTerms.FUZZY_THRESHOLD) {
          similar.add(word);
        }
      }
      expansions.add(new Expansion(token, prefixed, similar));
    }
    return expansions;
  }

  /** The score of a product; 0 means it does not match. */
  public static int score(List<Expansion> expansions, Fields fields) {
    int total = 0;
    for (Expansion e : expansions) {
      int best = Math.max(points(e, fields.name(), POINTS[0]), Math.max(points(e, fields.tags(), POINTS[1]),
          points(e, fields.description(), POINTS[2])));
      if (best == 0) {
        return 0;
      }
      total += best;
    }
    return total;
  }

  /** The score of a product for the terms, expanding against the product's own words (tests, one-offs). */
  public static int score(SearchTerms terms, Fields fields) {
    Set<String> own = new HashSet<>();
    fields.all().forEach(own::addAll);
    return score(expand(terms, own), fields);
  }

  private static int points(Expansion e, Set<String> words, int[] byKind) {
    if (words.contains(e.token())) {
      return byKind[0];
    }
    if (anyIn(words, e.prefixed())) {
      return byKind[1];
    }
    if (anyIn(words, e.similar())) {
      return byKind[2];
    }
    return 0;
  }

  private static boolean anyIn(Set<String> words, Set<String> wanted) {
    if (wanted.isEmpty()) {
      return false;
    }
    for (String word : words) {
      if (wanted.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
