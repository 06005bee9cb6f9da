package io.emporium.gateway.policy.cache;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strong entity tags, one per representation (RFC 9110 section 8.8.3): a versioned resource's tag
 * starts with its version ({@code "3"} for the whole product, {@code "3-f<hash>"} for a selection of its
 * fields), anything else gets a hash of its bytes; the gzip form of a representation has the tag of the
 * identity form with {@code -gzip} appended, since its bytes differ. A tag of any representation of a
 * version names that version in {@code If-Match}.
 */
public final class ETags {
  private static final String GZIP_SUFFIX = "-gzip\"";
  /** {@code "3"}, {@code W/"3"}, {@code 3}, or the tag of another representation of version 3. */
  private static final Pattern VERSION_TAG = Pattern.compile("(?:W/)?\"?([0-9]{1,18})(?:-[A-Za-z0-9_-]*)?\"?");

  private ETags() {}

  /** The tag of a representation with no version: a hash of its bytes. */
  public static String of(Buffer body) {
    return "\"h" + hash(body.getBytes()) + "\"";
  }

  /** The tag of version {@code version} of a resource, whole or with only the {@code fields} selected (null: whole). */
  public static String ofVersion(long version, Collection<String> fields) {
    if (fields == null) {
      return "\"" + version + "\"";
    }
    return "\"" + version + "-f" + hash(String.join(",", fields).getBytes(StandardCharsets.UTF_8)) + "\"";
  }

  /** The tag of the gzip form of the representation tagged {@code identityTag}. */
  public static String gzipped(String identityTag) {
    return identityTag.substring(0, identityTag.length() - 1) + GZIP_SUFFIX;
  }

  /** The version an {@code If-Match} value names, or empty when it names none (a list, {@code *}, a hash tag). */
  public static OptionalLong version(String ifMatch) {
    Matcher m = VERSION_TAG.matcher(ifMatch.trim());
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  /** True when If-None-Match names this tag (weak comparison, as RFC 9110 asks for GET) or is {@code *}. */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || etag == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String hash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
