package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http;
import io.vertx.core.json.JsonObject;

/** What every error answer of the gateway must look like (RFC 9457, docs/api.md). */
final class ProblemJson {
  private ProblemJson() {}

  /** Asserts the status, the content type, every member, the request id echo and the code; returns the body. */
  static JsonObject assertProblem(Http.Reply response, int status, String code) {
    assertThat(response.status()).as("status of %s", response).isEqualTo(status);
    assertThat(response.contentType()).as("content type of %s", response).startsWith("application/problem+json");
    assertNoInternals(response);
    JsonObject problem = response.json();
    assertThat(problem.fieldNames()).as("members of %s", response)
        .contains("type", "title", "status", "code", "detail", "instance", "requestId");
    assertThat(problem.getInteger("status")).as("status member of %s", response).isEqualTo(status);
    assertThat(problem.getString("code")).as("code of %s", response).isEqualTo(code);
    assertThat(problem.getString("requestId")).as("requestId of %s", response).isNotBlank();
    assertThat(response.header("X-Request-Id")).as("X-Request-Id header of %s", response)
        .isEqualTo(problem.getString("requestId"));
    return problem;
  }

  /** No Java internals reach a client: no stack frame, no exception name, no class name. */
  static void assertNoInternals(Http.Reply response) {
    assertThat(response.body()).as("body of %s", response)
        .doesNotContain("\tat ")
        .doesNotContain("at io.")
        .doesNotContain("at java.")
        .doesNotContain("Exception")
        .doesNotContain("io.emporium.")
        .doesNotContain("io.vertx.");
  }
}
