package io.emporium.gateway.policy.limits;

import io.vertx.core.buffer.Buffer;

/**
 * How deep objects and arrays nest in a JSON text, found by one pass over the bytes (no recursion, no
 * parse), so a body of a million brackets costs a linear scan and never a stack overflow.
 */
final class JsonDepth {
  private JsonDepth() {}

  /** The deepest nesting, or stops counting as soon as it passes {@code limit} (returns limit + 1). */
  static int of(Buffer json, int limit) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0; i < json.length(); i++) {
      byte b = json.getByte(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
        continue;
      }
      switch (b) {
        case '"' -> inString = true;
        case '{', '[' -> {
          depth++;
          if (depth > limit) {
            return limit + 1;
          }
          deepest = Math.max(deepest, depth);
        }
        case '}', ']' -> depth--;
        default -> { }
      }
    }
    return deepest;
  }
}
