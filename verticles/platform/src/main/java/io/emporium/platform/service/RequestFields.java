package io.emporium.platform.service;

import io.emporium.platform.contract.Ids;
import io.emporium.platform.contract.ServiceError;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Reads typed fields of a request body; a missing or malformed one is a VALIDATION error naming it. */
public final class RequestFields {
  private RequestFields() {}

  public static UUID uuid(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof String text)) {
      throw ServiceError.invalid(field, field + " is required and must be a UUID string").toException();
    }
    if (!Ids.isUuid(text)) {
      throw ServiceError.invalid(field, field + " must be a UUID").toException();
    }
    return UUID.fromString(text);
  }
}
