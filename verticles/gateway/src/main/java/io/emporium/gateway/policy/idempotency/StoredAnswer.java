package io.emporium.gateway.policy.idempotency;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The final answer of a keyed write, as the client got it: status, the headers a replay must repeat
 * (Content-Type, Location, ETag; each may be null) and the body's bytes (empty for a 204).
 */
record StoredAnswer(int status, String contentType, String location, String etag, Buffer body) {

  /** Whether the answer is final: a 2xx, or a 4xx but 429 (a limit, not an answer to the write). */
  boolean isFinal() {
    return status < 500 && status != 429 && status != 408;
  }

  JsonObject toJson() {
    return new JsonObject().put("status", status).put("contentType", contentType).put("location", location)
        .put("etag", etag).put("body", body);
  }

  static StoredAnswer fromJson(JsonObject json) {
    Buffer body = json.getBuffer("body");
    return new StoredAnswer(json.getInteger("status"), json.getString("contentType"), json.getString("location"),
        json.getString("etag"), body == null ? Buffer.buffer() : body);
  }
}
