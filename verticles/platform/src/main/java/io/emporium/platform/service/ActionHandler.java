package io.emporium.platform.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Answers one action. Fail with a {@code ServiceException} for contract errors; anything else is INTERNAL. */
@FunctionalInterface
public interface ActionHandler {
  Future<JsonObject> handle(ServiceRequest request);
}
