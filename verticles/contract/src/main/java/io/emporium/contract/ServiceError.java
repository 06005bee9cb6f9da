package io.emporium.contract;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A failure as it travels on the bus: a stable code, a message safe to show a client, and the field
 * at fault when there is one. On the wire it is a {@link ReplyException} whose failure code is
 * {@link ErrorCode#failureCode()} and whose message is this record as JSON.
 */
public record ServiceError(ErrorCode code, String message, String field) {

  public static ServiceError of(ErrorCode code, String message) {
    return new ServiceError(code, message, null);
  }

  public static ServiceError invalid(String field, String message) {
    return new ServiceError(ErrorCode.VALIDATION, message, field);
  }

  public static ServiceError notFound(String message) {
    return new ServiceError(ErrorCode.NOT_FOUND, message, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("code", code.name()).put("message", message);
    if (field != null) {
      json.put("field", field);
    }
    return json;
  }

  public ServiceException toException() {
    return new ServiceException(this);
  }

  /**
   * Reads any failure of a bus call as a contract error. Unknown shapes become INTERNAL with a
   * generic message, so nothing internal leaks to a client.
   */
  public static ServiceError from(Throwable failure) {
    if (failure instanceof ServiceException se) {
      return se.error();
    }
    if (failure instanceof ReplyException re) {
      return fromReply(re);
    }
    return of(ErrorCode.INTERNAL, "internal error");
  }

  private static ServiceError fromReply(ReplyException re) {
    if (re.failureType() == ReplyFailure.TIMEOUT) {
      return of(ErrorCode.TIMEOUT, "the service did not answer in time");
    }
    if (re.failureType() == ReplyFailure.NO_HANDLERS) {
      return of(ErrorCode.UNAVAILABLE, "no instance of the service is available");
    }
    ErrorCode code = ErrorCode.fromFailureCode(re.failureCode()).orElse(ErrorCode.INTERNAL);
    try {
      JsonObject body = new JsonObject(re.getMessage() == null ? "{}" : re.getMessage());
      ErrorCode named = ErrorCode.fromName(body.getString("code", "")).orElse(code);
      return new ServiceError(named, body.getString("message", "internal error"), body.getString("field"));
    } catch (DecodeException | ClassCastException notContract) {
      return of(ErrorCode.INTERNAL, "internal error");
    }
  }
}
