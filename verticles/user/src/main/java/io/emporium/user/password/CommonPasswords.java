package io.emporium.user.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The bundled list of common passwords ({@code common-passwords.txt}, from zxcvbn; origin and licence
 * in the file). A password is common when, in lower case, it is on the list, or it is a listed
 * password padded with digits and symbols ({@code Sunshine2024!!}), or it repeats a listed or very
 * short unit ({@code qwertyqwerty}, {@code abcabcabcabc}).
 */
public final class CommonPasswords {
  static final String RESOURCE = "common-passwords.txt";

  private final Set<String> entries;

  CommonPasswords(Set<String> entries) {
    this.entries = Set.copyOf(entries);
  }

  public static CommonPasswords bundled() {
    try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      Set<String> entries = new HashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean header = true;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (header && line.startsWith("#")) {
          continue;
        }
        header = false;
        if (!line.isEmpty()) {
          entries.add(line);
        }
      }
      return new CommonPasswords(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int size() {
    return entries.size();
  }

  public boolean isCommon(String password) {
    String lower = password.toLowerCase(Locale.ROOT);
    if (entries.contains(lower)) {
      return true;
    }
    String core = stripNonLetters(lower);
    if (!core.equals(lower) && entries.contains(core)) {
      return true;
    }
    return repeatsAUnit(lower) || (!core.isEmpty() && !core.equals(lower) && repeatsAUnit(core));
  }

  /** {@code unit} repeated at least twice, where the unit is listed or at most three characters. */
  private boolean repeatsAUnit(String text) {
    int length = text.length();
    for (int unit = 1; unit <= length / 2; unit++) {
      if (length % unit != 0) {
        continue;
      }
      String candidate = text.substring(0, unit);
      if (candidate.repeat(length / unit).equals(text) && (unit <= 3 || entries.contains(candidate))) {
        return true;
      }
    }
    return false;
  }

  private static String stripNonLetters(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && !Character.isLetter(text.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetter(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }
}
