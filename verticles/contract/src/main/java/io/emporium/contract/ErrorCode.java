package io.emporium.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Stable error codes of the event-bus contract. The number is the {@code failureCode} of the Vert.x
 * {@code ReplyException}; the name is what clients see. Only {@link #isFailureOfService() failures of
 * the service} count against a circuit breaker or justify a retry: the others are answers.
 */
public enum ErrorCode {
  VALIDATION(400, false),
  UNAUTHORIZED(401, false),
  FORBIDDEN(403, false),
  NOT_FOUND(404, false),
  CONFLICT(409, false),
  PRECONDITION_FAILED(412, false),
  /** The request is larger than the service accepts ({@code bus.max-request-bytes}); nothing was read further. */
  PAYLOAD_TOO_LARGE(413, false),
  /** An Idempotency-Key used before with another request body: nothing ran (RFC draft httpapi-idempotency-key). */
  IDEMPOTENCY_KEY_REUSED(422, false),
  /** Too many attempts (e.g. failed logins for one account); the message says when to retry. */
  RATE_LIMITED(429, false),
  INTERNAL(500, true),
  UNAVAILABLE(503, true),
  TIMEOUT(504, true);

  private final int httpStatus;
  private final boolean failureOfService;

  ErrorCode(int httpStatus, boolean failureOfService) {
    this.httpStatus = httpStatus;
    this.failureOfService = failureOfService;
  }

  /** The HTTP status the gateway answers with; also the failure code on the bus. */
  public int httpStatus() {
    return httpStatus;
  }

  public int failureCode() {
    return httpStatus;
  }

  public boolean isFailureOfService() {
    return failureOfService;
  }

  public static Optional<ErrorCode> fromFailureCode(int failureCode) {
    return Arrays.stream(values()).filter(c -> c.failureCode() == failureCode).findFirst();
  }

  public static Optional<ErrorCode> fromName(String name) {
    return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
  }
}
