package io.emporium.platform.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Whether a decoded JSON value is larger than a limit, as the bytes of its compact UTF-8 encoding
 * (an escape counted as the character it stands for). It walks the value and stops as soon as the
 * limit is passed: nothing is encoded, and the work never goes much past the limit.
 */
final class JsonSize {
  private final long limit;
  private long size;

  private JsonSize(long limit) {
    this.limit = limit;
  }

  /** True when {@code value} (a JSON object, array, string, number, boolean or null) takes more than {@code limit} bytes. */
  static boolean exceeds(Object value, long limit) {
    return new JsonSize(limit).over(value);
  }

  /** Adds {@code value}; true as soon as the total is over the limit. */
  private boolean over(Object value) {
    if (value instanceof JsonObject object) {
      return over(object.getMap());
    }
    if (value instanceof Map<?, ?> map) {
      size += 1 + Math.max(0, map.size() - 1); // braces' first half and the commas
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (text(String.valueOf(entry.getKey())) || add(1) || over(entry.getValue())) { // the colon
          return true;
        }
      }
      return add(1);
    }
    if (value instanceof JsonArray array) {
      return over(array.getList());
    }
    if (value instanceof Iterable<?> list) {
      size += 1;
      boolean first = true;
      for (Object item : list) {
        if ((!first && add(1)) || over(item)) {
          return true;
        }
        first = false;
      }
      return add(1);
    }
    if (value instanceof CharSequence chars) {
      return text(chars);
    }
    // numbers, booleans, null: their text is short, so its length is cheap to have
    return add(String.valueOf(value).length());
  }

  /** A string with its quotes, in UTF-8. */
  private boolean text(CharSequence chars) {
    if (add(2 + chars.length())) {
      return true; // already over with one byte per character
    }
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      // one byte is already counted: add what UTF-8 takes beyond it (a surrogate pair is 4 bytes in all)
      int extra = c < 0x80 ? 0 : c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
      if (extra > 0 && add(extra)) {
        return true;
      }
    }
    return false;
  }

  private boolean add(long bytes) {
    size += bytes;
    return size > limit;
  }
}
