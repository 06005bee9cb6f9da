package io.emporium.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.platform.outbox.OutboxStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxReportTest {
  private static final JsonObject USER = new OutboxStats(1, 10, 0, 2, 3).toJson();
  private static final JsonObject PRODUCT = new OutboxStats(4, 20, 5, 1, 7).toJson();

  @Test
  void everyOutboxIsShownWithTotalsOverThemAll() {
    JsonObject body = report(List.of(OutboxReport.Read.of(ServiceName.USER, USER),
        OutboxReport.Read.of(ServiceName.PRODUCT, PRODUCT)));

    assertThat(body.getJsonObject("outboxes").getJsonObject("product")).isEqualTo(PRODUCT);
    assertThat(body.getJsonObject("outboxes").getJsonObject("user")).isEqualTo(USER);
    assertThat(body.getLong("pending")).isEqualTo(5);
    assertThat(body.getLong("delivered")).isEqualTo(30);
    assertThat(body.getLong("dead")).isEqualTo(5);
    assertThat(body.getLong("retried")).isEqualTo(3);
    assertThat(body.getLong("oldestPendingAgeSeconds")).isEqualTo(7);
    assertThat(body.getBoolean("complete")).isTrue();
    assertThat(body.getJsonArray("unreadable")).isEmpty();
  }

  @Test
  void anOutboxThatCouldNotBeReadIsNamedAndLeftOutOfTheTotals() {
    JsonObject body = report(List.of(OutboxReport.Read.of(ServiceName.USER, USER),
        OutboxReport.Read.failed(ServiceName.PRODUCT, ServiceError.of(ErrorCode.TIMEOUT, "no answer in time"))));

    assertThat(body.getBoolean("complete")).isFalse();
    assertThat(body.getJsonArray("unreadable")).isEqualTo(new JsonArray().add("product"));
    assertThat(body.getJsonObject("outboxes").getJsonObject("product").getJsonObject("error"))
        .isEqualTo(new JsonObject().put("code", "TIMEOUT").put("detail", "no answer in time"));
    assertThat(body.getLong("pending")).isEqualTo(1);
    assertThat(body.getLong("dead")).isZero();
  }

  @Test
  void aRefusedCallerIsAnsweredAsSuchAndNothingReadMeansUnavailable() {
    ServiceError forbidden = ServiceError.of(ErrorCode.FORBIDDEN, "admins only");
    assertThat(OutboxReport.of(List.of(OutboxReport.Read.failed(ServiceName.USER, forbidden),
        OutboxReport.Read.of(ServiceName.PRODUCT, PRODUCT)))).isEqualTo(new OutboxReport.Refusal(forbidden));

    OutboxReport.Outcome none = OutboxReport.of(List.of(
        OutboxReport.Read.failed(ServiceName.USER, ServiceError.of(ErrorCode.UNAVAILABLE, "no instance")),
        OutboxReport.Read.failed(ServiceName.PRODUCT, ServiceError.of(ErrorCode.TIMEOUT, "late"))));
    assertThat(none).isInstanceOfSatisfying(OutboxReport.Refusal.class, refusal -> {
      assertThat(refusal.error().code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(refusal.error().message()).isEqualTo("no outbox could be read: user (UNAVAILABLE), product (TIMEOUT)");
    });
  }

  private static JsonObject report(List<OutboxReport.Read> reads) {
    OutboxReport.Outcome outcome = OutboxReport.of(reads);
    assertThat(outcome).isInstanceOf(OutboxReport.Report.class);
    return ((OutboxReport.Report) outcome).body();
  }
}
