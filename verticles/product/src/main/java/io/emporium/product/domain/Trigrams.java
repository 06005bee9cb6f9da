package io.emporium.product.domain;

import java.util.HashSet;
import java.util.Set;

/**
 * pg_trgm's {@code similarity()} for one word against another, computed the way the extension does:
 * each word is padded with two spaces in front and one behind, its distinct three-character
 * substrings are its trigrams, and the similarity is shared / (all distinct of both), as a float.
 * Only for ASCII words ({@link SearchText#isAsciiWord}), where pg_trgm's result does not depend on
 * the database's locale; a test checks this against PostgreSQL.
 */
public final class Trigrams {
  private Trigrams() {}

  public static Set<String> of(String word) {
    String padded = "  " + word + " ";
    Set<String> trigrams = new HashSet<>();
    for (int i = 0; i + 3 <= padded.length(); i++) {
      trigrams.add(padded.substring(i, i + 3));
    }
    return trigrams;
  }

  public static float similarity(String a, String b) {
    Set<String> ta = of(a);
    Set<String> tb = of(b);
    int shared = 0;
    for (String t : ta) {
      if (tb.contains(t)) {
        shared++;
      }
    }
    int union = ta.size() + tb.size() - shared;
    return union == 0 ? 0f : (float) shared / (float) union;
  }
}
