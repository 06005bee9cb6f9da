package io.emporium.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ServiceErrorTest {

  @Test
  void recipientFailureWithContractJsonKeepsCodeMessageAndField() {
    String body = new ServiceError(ErrorCode.CONFLICT, "a record with this sku exists", "sku").toJson().encode();
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, ErrorCode.CONFLICT.failureCode(), body);

    assertThat(ServiceError.from(reply))
        .isEqualTo(new ServiceError(ErrorCode.CONFLICT, "a record with this sku exists", "sku"));
  }

  @Test
  void recipientFailureWithoutFieldHasNullField() {
    String body = ServiceError.notFound("no product with id 42").toJson().encode();
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 404, body);

    assertThat(ServiceError.from(reply)).isEqualTo(new ServiceError(ErrorCode.NOT_FOUND, "no product with id 42", null));
  }

  @Test
  void codeNamedInTheBodyWinsOverTheFailureCode() {
    String body = ServiceError.invalid("id", "id must be a UUID").toJson().encode();
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, body);

    assertThat(ServiceError.from(reply).code()).isEqualTo(ErrorCode.VALIDATION);
  }

  @Test
  void busTimeoutBecomesTimeout() {
    ServiceError error = ServiceError.from(new ReplyException(ReplyFailure.TIMEOUT, "Timed out after waiting 30000(ms)"));

    assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(error.message()).doesNotContain("30000");
  }

  @Test
  void noHandlersBecomesUnavailable() {
    ServiceError error = ServiceError.from(new ReplyException(ReplyFailure.NO_HANDLERS, "No handlers for address x"));

    assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(error.code().isFailureOfService()).isTrue();
  }

  @Test
  void nonJsonRecipientFailureBecomesInternalWithoutLeakingItsText() {
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 404,
        "java.sql.SQLException: password authentication failed for user emporium");

    assertThat(ServiceError.from(reply)).isEqualTo(new ServiceError(ErrorCode.INTERNAL, "internal error", null));
  }

  @Test
  void unknownCodeNameFallsBackToTheFailureCode() {
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409,
        new JsonObject().put("code", "NO_SUCH_CODE").put("message", "taken").put("field", "sku").encode());

    assertThat(ServiceError.from(reply)).isEqualTo(new ServiceError(ErrorCode.CONFLICT, "taken", "sku"));
  }

  @Test
  void unknownFailureCodeWithoutACodeNameBecomesInternal() {
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 418,
        new JsonObject().put("message", "teapot").encode());

    assertThat(ServiceError.from(reply).code()).isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void jsonArrayMessageBecomesInternal() {
    ReplyException reply = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409, "[\"CONFLICT\"]");

    assertThat(ServiceError.from(reply)).isEqualTo(new ServiceError(ErrorCode.INTERNAL, "internal error", null));
  }

  @Test
  void serviceExceptionKeepsItsError() {
    ServiceError original = ServiceError.invalid("email", "email is required");

    assertThat(ServiceError.from(original.toException())).isSameAs(original);
  }

  @Test
  void anyOtherExceptionBecomesInternalWithAGenericMessage() {
    ServiceError error = ServiceError.from(new IllegalStateException("pool closed at 10.0.0.7"));

    assertThat(error).isEqualTo(new ServiceError(ErrorCode.INTERNAL, "internal error", null));
  }

  @Test
  void toJsonOmitsAnAbsentField() {
    assertThat(ServiceError.notFound("gone").toJson())
        .isEqualTo(new JsonObject().put("code", "NOT_FOUND").put("message", "gone"));
  }
}
