package io.emporium.platform.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a configured secret (a JWT HMAC key, the cluster secret) can be a real one: not a shipped
 * placeholder, and not guessable. Guessability is estimated as the fewest bits that describe the
 * secret when words people put in secrets, repeats of earlier text, runs and sequences
 * ({@code aaaa}, {@code abcd}, {@code 1234}) and separators cost little and only the rest costs
 * what a random character of its alphabet costs, as password estimators (zxcvbn) do. Random bytes
 * in hex (32 characters, 128 bits) estimate at about 160 bits; a sentence of common words at far
 * less than {@link #MIN_BITS}.
 */
public final class SecretStrength {
  /** What the production profile asks of a secret; a 128-bit random secret estimates well above it. */
  public static final int MIN_BITS = 100;
  /** Text that only a placeholder holds (compared without case, separators or digits). */
  static final List<String> PLACEHOLDERS = List.of("replaceme", "changeme", "changethis", "placeholder", "example",
      "yoursecret", "insertsecret", "secrethere");
  /** A word of the list costs about what choosing one of a few hundred words costs. */
  private static final double WORD_BITS = 8;
  /** Separators between words: people pick among a handful. */
  private static final double SEPARATOR_BITS = 2;
  private static final String SEPARATORS = "-_. :/+=,;";
  /** Only so much is read: a longer secret that is strong in its first part is strong. */
  private static final int MAX_READ = 256;
  private static final Set<String> WORDS = words();
  private static final int LONGEST_WORD = WORDS.stream().mapToInt(String::length).max().orElse(1);

  private SecretStrength() {}

  /** Why the secret cannot be a real one, in words that never repeat it; empty when it is fine. */
  public static Optional<String> problem(String secret) {
    Optional<String> placeholder = placeholder(secret);
    if (placeholder.isPresent()) {
      return placeholder;
    }
    double bits = estimatedBits(secret);
    if (bits < MIN_BITS) {
      return Optional.of(String.format(Locale.ROOT, "is too easy to guess: about %.0f bits of entropy estimated"
          + " (words, repeats, runs and sequences count little), at least %d needed; generate one,"
          + " e.g. `openssl rand -base64 48`", bits, MIN_BITS));
    }
    return Optional.empty();
  }

  /** The shipped examples' placeholders ("REPLACE-ME-with-at-least-32-random-characters", ...). */
  public static Optional<String> placeholder(String secret) {
    String letters = secret.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    for (String marker : PLACEHOLDERS) {
      if (letters.contains(marker)) {
        return Optional.of("is a placeholder (it contains \"" + marker + "\"), not a secret; generate one,"
            + " e.g. `openssl rand -base64 48`");
      }
    }
    return Optional.empty();
  }

  /**
   * The cheapest description of the secret, in bits: a shortest path over its positions where each
   * step reads one token (a character, a word, a run, a sequence, or a copy of earlier text).
   */
  static double estimatedBits(String secret) {
    String s = secret.length() > MAX_READ ? secret.substring(0, MAX_READ) : secret;
    String lower = s.toLowerCase(Locale.ROOT);
    int n = s.length();
    double charBits = log2(alphabet(s));
    double[] best = new double[n + 1];
    java.util.Arrays.fill(best, Double.MAX_VALUE);
    best[0] = 0;
    for (int i = 0; i < n; i++) {
      double here = best[i];
      char c = s.charAt(i);
      relax(best, i + 1, here + (SEPARATORS.indexOf(c) >= 0 ? SEPARATOR_BITS : charBits));
      for (int end = i + 1; end <= Math.min(n, i + LONGEST_WORD); end++) {
        if (WORDS.contains(lower.substring(i, end))) {
          relax(best, end, here + WORD_BITS);
        }
      }
      int run = i + 1;
      while (run < n && s.charAt(run) == c) {
        run++;
      }
      for (int end = i + 2; end <= run; end++) {
        relax(best, end, here + charBits + log2(end - i));
      }
      int sequence = sequenceEnd(s, i);
      for (int end = i + 3; end <= sequence; end++) {
        relax(best, end, here + charBits + 1 + log2(end - i));
      }
      for (int end = i + 3; end <= n; end++) {
        if (!s.substring(0, end - 1).contains(s.substring(i, end))) {
          break;
        }
        relax(best, end, here + log2(i + 1) + log2(end - i) + 1);
      }
    }
    return best[n];
  }

  /** Where a run of characters each one above (or each one below) the one before ends, from {@code i}. */
  private static int sequenceEnd(String s, int i) {
    if (i + 1 >= s.length()) {
      return i + 1;
    }
    int step = s.charAt(i + 1) - s.charAt(i);
    if (step != 1 && step != -1) {
      return i + 1;
    }
    int end = i + 2;
    while (end < s.length() && s.charAt(end) - s.charAt(end - 1) == step) {
      end++;
    }
    return end;
  }

  private static void relax(double[] best, int at, double bits) {
    if (bits < best[at]) {
      best[at] = bits;
    }
  }

  /** Characters an attacker must try per position: the classes the secret uses. */
  private static int alphabet(String s) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    int size = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
    return Math.max(size, 2);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static Set<String> words() {
    Set<String> words = new HashSet<>();
    try (InputStream in = SecretStrength.class.getResourceAsStream("secret-words.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.lines().filter(line -> !line.startsWith("#"))
          .flatMap(line -> java.util.Arrays.stream(line.trim().split("\\s+")))
          .filter(word -> !word.isEmpty())
          .forEach(word -> words.add(word.toLowerCase(Locale.ROOT)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }
}
