package io.emporium.gateway.policy.idempotency;

import io.emporium.gateway.http.PreparedHeaders;
import java.util.Optional;

/** The header and what its value may be: 1-255 printable ASCII characters (a UUID, a ULID, a client's own id). */
public final class KeyRules {
  public static final String HEADER = "Idempotency-Key";
  /** Prepared once: read on every write of the route table (see {@link io.emporium.gateway.http.PreparedHeaders}). */
  public static final CharSequence HEADER_NAME = PreparedHeaders.IDEMPOTENCY_KEY;
  public static final String REPLAYED = "Idempotent-Replayed";
  static final int MAX_LENGTH = 255;

  private KeyRules() {}

  /** Why the key cannot be used, or empty when it can. */
  static Optional<String> problem(String key) {
    if (key.isEmpty()) {
      return Optional.of(HEADER + " must not be empty");
    }
    if (key.length() > MAX_LENGTH) {
      return Optional.of(HEADER + " must be at most " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return Optional.of(HEADER + " must be printable ASCII characters");
      }
    }
    return Optional.empty();
  }
}
