package io.emporium.launcher.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;

/** What every error answer of the gateway must be: problem+json with the status, code and field, and nothing internal. */
public final class ProblemAssertions {
  private ProblemAssertions() {}

  public static void assertProblem(Reply reply, int status, String code, String field) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getString("code")).as(reply.toString()).isEqualTo(code);
    if (field != null) {
      assertThat(problem.getString("field")).as(reply.toString()).isEqualTo(field);
    }
    assertThat(reply.body()).doesNotContain("Exception", "\tat ", "PgException", "SQL");
  }
}
