package io.emporium.product.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one definition of a search word, shared by both stores: text is NFC-normalized and lowercased
 * (Locale.ROOT); a word is a run of letters and ASCII digits; anything else separates words. The
 * PostgreSQL store keeps these words, space-separated, in the {@code search_*} columns its tsvector
 * is generated from (the {@code simple} configuration keeps each such run as one lexeme), and the
 * in-memory store matches against the same words, so both find the same products.
 */
public final class SearchText {
  /** Longer runs are dropped: no shopper types them, and PostgreSQL would drop 2 KB lexemes anyway. */
  public static final int MAX_WORD = 64;

  private SearchText() {}

  /** The words of {@code text}, in order, repeats kept. */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return words;
    }
    String normal = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < normal.length(); ) {
      int cp = normal.codePointAt(i);
      i += Character.charCount(cp);
      if (isWordChar(cp)) {
        word.appendCodePoint(cp);
      } else {
        flush(word, words);
      }
    }
    flush(word, words);
    return words;
  }

  /** The distinct words of {@code text}, in order of first appearance. */
  public static Set<String> distinctWords(String text) {
    return new LinkedHashSet<>(words(text));
  }

  /** The words joined by single spaces: what the PostgreSQL store writes to a {@code search_*} column. */
  public static String joined(String text) {
    return String.join(" ", words(text));
  }

  /** The words of several texts (tags), joined. */
  public static String joined(List<String> texts) {
    List<String> all = new ArrayList<>();
    texts.forEach(t -> all.addAll(words(t)));
    return String.join(" ", all);
  }

  /** ASCII letters and digits only: the words fuzzy (trigram) matching considers. */
  public static boolean isAsciiWord(String word) {
    if (word.isEmpty() || word.length() > MAX_WORD) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  /** The sort key of a name, as the PostgreSQL store's generated {@code name_key}: only A-Z lowered. */
  public static String nameKey(String name) {
    StringBuilder key = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      key.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return key.toString();
  }

  /** Compares by Unicode code points, as PostgreSQL's "C" collation compares UTF-8 bytes. */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static boolean isWordChar(int cp) {
    return (cp >= '0' && cp <= '9') || Character.isLetter(cp);
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (word.length() > 0) {
      if (word.length() <= MAX_WORD) {
        words.add(word.toString());
      }
      word.setLength(0);
    }
  }
}
