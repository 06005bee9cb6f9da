package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the {@code consistent-hash} strategy hashes: {@code caller} (the signed-in user's id) or
 * {@code payload.<field>} (a field of the call's payload, e.g. {@code payload.id}: the product of a
 * product.get). A call without that value is balanced round-robin.
 */
public record HashKey(String wireName) {
  public static final String CALLER = "caller";
  private static final String PAYLOAD = "payload.";
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_]{1,64}");

  /** The key named, or empty when the name is neither {@code caller} nor {@code payload.<field>}. */
  public static Optional<HashKey> fromWire(String name) {
    if (CALLER.equals(name)) {
      return Optional.of(new HashKey(name));
    }
    if (name != null && name.startsWith(PAYLOAD) && FIELD.matcher(name.substring(PAYLOAD.length())).matches()) {
      return Optional.of(new HashKey(name));
    }
    return Optional.empty();
  }

  /** The call's key, or null when it has none. */
  public String of(Optional<String> callerId, JsonObject payload) {
    if (CALLER.equals(wireName)) {
      return callerId.orElse(null);
    }
    Object value = payload == null ? null : payload.getValue(wireName.substring(PAYLOAD.length()));
    return value instanceof String || value instanceof Number ? value.toString() : null;
  }
}
