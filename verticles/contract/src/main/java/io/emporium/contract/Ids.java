package io.emporium.contract;

import java.util.UUID;

/** Entity ids are UUIDs in canonical form; the gateway and the services check them alike. */
public final class Ids {
  private Ids() {}

  public static boolean isUuid(String text) {
    if (text == null || text.length() != 36) {
      return false;
    }
    try {
      // fromString also accepts short forms like "1-2-3-4-5": only the canonical text is an id.
      return UUID.fromString(text).toString().equalsIgnoreCase(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
