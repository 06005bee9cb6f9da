package io.emporium.platform.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The reply of every service's {@code health} action. The instance answers even when its store is down. */
public final class StoreHealth {
  private StoreHealth() {}

  public static Future<JsonObject> report(String instanceId, String storeKind, Future<Void> storePing) {
    return storePing.map(v -> "UP").otherwise("DOWN").map(database -> new JsonObject()
        .put("status", "UP".equals(database) ? "UP" : "DEGRADED")
        .put("instanceId", instanceId)
        .put("store", storeKind)
        .put("database", database));
  }
}
