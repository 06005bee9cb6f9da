package io.emporium.user.actions;

import io.emporium.contract.ServiceError;
import io.emporium.platform.service.RequestBody;
import io.emporium.user.domain.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.regex.Pattern;

/** The rules for what an account holds: email address, display name and preferences. */
public final class AccountFields {
  /**
   * How the user service reads request bodies: no string field of any of its actions is longer than
   * 1,024 characters, so longer ones are refused before any other work (hashing, lookups).
   */
  static final RequestBody.Rules BODIES = new RequestBody.Rules(1_024);
  static final int MAX_EMAIL = 254;
  static final int MAX_LOCAL_PART = 64;
  static final int MAX_NAME = 100;
  static final int MAX_PREFERENCES_BYTES = 4_096;
  static final int MAX_PREFERENCES_DEPTH = 4;

  /**
   * Pragmatic, not RFC 5322: one @, no spaces or control characters, a dotted domain without empty
   * labels. Anything stricter refuses real addresses; the true check is a mail that arrives.
   */
  private static final Pattern EMAIL = Pattern.compile(
      "[^\\s@\\p{Cntrl}\"(),:;<>\\[\\]\\\\]+@[^\\s@\\p{Cntrl}\"(),:;<>\\[\\]\\\\.]+(\\.[^\\s@\\p{Cntrl}\"(),:;<>\\[\\]\\\\.]+)+");
  /** Control characters, line and paragraph separators, and bidirectional overrides (display spoofing). */
  private static final Pattern FORBIDDEN_IN_NAME = Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");

  private AccountFields() {}

  /** The email in normal form (trimmed, NFC, lower case), or VALIDATION on {@code field}. */
  public static String email(String raw, String field) {
    String email = User.normalizeEmail(raw);
    if (email.isEmpty()) {
      throw ServiceError.invalid(field, field + " is required").toException();
    }
    if (email.length() > MAX_EMAIL) {
      throw ServiceError.invalid(field, field + " must have at most " + MAX_EMAIL + " characters").toException();
    }
    int at = email.indexOf('@');
    if (!EMAIL.matcher(email).matches() || at > MAX_LOCAL_PART || email.startsWith(".")
        || email.substring(0, at).endsWith(".") || email.contains("..")) {
      throw ServiceError.invalid(field, field + " is not a valid email address").toException();
    }
    return email;
  }

  /** The display name (trimmed, NFC), 1 to 100 characters without control characters, or VALIDATION. */
  static String name(String raw, String field) {
    String name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > MAX_NAME) {
      throw ServiceError.invalid(field, field + " must have 1 to " + MAX_NAME + " characters").toException();
    }
    if (FORBIDDEN_IN_NAME.matcher(name).find()) {
      throw ServiceError.invalid(field, field + " must not contain control characters").toException();
    }
    return name;
  }

  /** Preferences: a JSON object of at most 4 KiB encoded and 4 levels of nesting, or VALIDATION. */
  static JsonObject preferences(JsonObject value, String field) {
    if (tooDeep(value, MAX_PREFERENCES_DEPTH)) {
      throw ServiceError.invalid(field, field + " may nest at most " + MAX_PREFERENCES_DEPTH + " levels").toException();
    }
    if (value.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PREFERENCES_BYTES) {
      throw ServiceError.invalid(field, field + " must be at most " + MAX_PREFERENCES_BYTES + " bytes as JSON")
          .toException();
    }
    return value.copy();
  }

  /** True when {@code value} nests deeper than {@code room} more levels; stops descending at the limit. */
  private static boolean tooDeep(Object value, int room) {
    Iterable<?> children;
    if (value instanceof JsonObject object) {
      children = object.getMap().values();
    } else if (value instanceof JsonArray array) {
      children = array.getList();
    } else if (value instanceof java.util.Map<?, ?> map) {
      children = map.values();
    } else if (value instanceof java.util.List<?> list) {
      children = list;
    } else {
      return false;
    }
    if (room == 0) {
      return true;
    }
    for (Object child : children) {
      if (tooDeep(child, room - 1)) {
        return true;
      }
    }
    return false;
  }
}
