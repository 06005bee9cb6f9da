package io.emporium.gateway.policy.idempotency;

import io.vertx.core.json.JsonObject;

/**
 * What the key store holds under a key: the fingerprint of the request that claimed it, that claim's
 * own id (so only its owner completes or releases it), and the answer once there is one (null while the
 * first request runs). Stored as JSON text: a String is all a Hazelcast map needs to compare values in
 * {@code removeIfPresent}, byte for byte.
 */
record KeyRecord(String fingerprint, String claim, StoredAnswer answer) {

  boolean running() {
    return answer == null;
  }

  KeyRecord answered(StoredAnswer answer) {
    return new KeyRecord(fingerprint, claim, answer);
  }

  String encode() {
    JsonObject json = new JsonObject().put("fingerprint", fingerprint).put("claim", claim);
    if (answer != null) {
      json.put("answer", answer.toJson());
    }
    return json.encode();
  }

  static KeyRecord decode(String text) {
    JsonObject json = new JsonObject(text);
    JsonObject answer = json.getJsonObject("answer");
    return new KeyRecord(json.getString("fingerprint"), json.getString("claim"),
        answer == null ? null : StoredAnswer.fromJson(answer));
  }
}
