package io.emporium.gateway.policy.shaping;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One envelope for every collection the gateway answers: {@code items}, {@code page}, {@code size},
 * {@code total} and {@code nextCursor}, each present (null when the answer has no such thing: a page
 * after a cursor has no number and no total, a numbered page of users no cursor), so clients read
 * every list the same way.
 */
public final class ListEnvelope {
  private ListEnvelope() {}

  public static JsonObject of(JsonObject reply) {
    if (!(reply.getValue("items") instanceof JsonArray items)) {
      return reply;
    }
    boolean whole = !reply.containsKey("page") && !reply.containsKey("size") && !reply.containsKey("nextCursor");
    JsonObject out = reply.copy();
    out.put("page", reply.containsKey("page") ? reply.getValue("page") : whole ? Integer.valueOf(1) : null);
    out.put("size", reply.containsKey("size") ? reply.getValue("size") : Integer.valueOf(items.size()));
    out.put("total", reply.containsKey("total") ? reply.getValue("total") : whole ? Integer.valueOf(items.size()) : null);
    out.put("nextCursor", reply.getValue("nextCursor"));
    return out;
  }
}
