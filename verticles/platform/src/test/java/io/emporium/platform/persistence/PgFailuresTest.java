package io.emporium.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

class PgFailuresTest {

  private static ErrorCode codeOf(String sqlState) {
    Throwable failure = PgFailures.translate(new PgException("message", "FATAL", sqlState, "detail"), "test", "sku")
        .cause();
    return ServiceError.from(failure).code();
  }

  @Test
  void aServerShuttingDownStartingOrFullIsUnavailableNotAnInternalError() {
    assertThat(codeOf("57P03")).as("the database system is shutting down / starting up").isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(codeOf("57P01")).as("admin shutdown").isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(codeOf("08006")).as("connection failure").isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(codeOf("53300")).as("too many connections").isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void otherStatesKeepTheirMeaning() {
    assertThat(codeOf("57014")).isEqualTo(ErrorCode.TIMEOUT);
    assertThat(codeOf("23505")).isEqualTo(ErrorCode.CONFLICT);
    assertThat(codeOf("42P01")).isEqualTo(ErrorCode.INTERNAL);
  }
}
