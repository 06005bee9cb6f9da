package io.emporium.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrometheusText;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cardinality guard: a label past its budget of values is recorded as "other", and the overflow counted. */
class LabelBudgetTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LabelBudget budget = LabelBudget.on(registry, 3);
  private final EmporiumMetrics metrics = EmporiumMetrics.on(registry);

  /** A named counter with a route label (the gateway's rate-limit refusals). */
  private void rateLimited(String route) {
    metrics.count("emporium.rate.limited", "Requests refused by the rate limiter, by route template", "route", route);
  }

  @Test
  void valuesPastTheBudgetAreRecordedUnderOtherAndCounted() {
    for (int i = 0; i < 10; i++) {
      rateLimited("/route/" + i);
    }
    rateLimited("/route/9"); // an excess value again: the same "other" series, one more overflow
    rateLimited("/route/0"); // an admitted value keeps its own series

    PrometheusText scrape = new PrometheusText(registry.scrape());
    Set<String> routes = scrape.all().stream().filter(s -> s.name().equals("emporium_rate_limited_total"))
        .map(s -> s.labels().get("route")).collect(Collectors.toSet());
    assertThat(routes).containsExactlyInAnyOrder("/route/0", "/route/1", "/route/2", LabelBudget.OTHER);
    assertThat(scrape.sum("emporium_rate_limited_total", "route", LabelBudget.OTHER)).isEqualTo(8);
    assertThat(scrape.sum("emporium_rate_limited_total", "route", "/route/0")).isEqualTo(2);
    assertThat(scrape.sum("emporium_metrics_label_overflow_total", "metric", "emporium_rate_limited")).isEqualTo(8);
    assertThat(scrape.sum("emporium_rate_limited_total")).isEqualTo(12);
  }

  @Test
  void onlyTheLabelPastItsBudgetIsFoldedTheOthersKeepTheirValues() {
    for (int i = 0; i < 5; i++) {
      metrics.meshCall("product", "product.action." + i, i % 2 == 0 ? "success" : "failure", 1_000_000);
    }
    PrometheusText scrape = new PrometheusText(registry.scrape());
    String calls = "emporium_mesh_calls_total";
    assertThat(scrape.sum(calls, "action", LabelBudget.OTHER, "outcome", "success")).isEqualTo(1);
    assertThat(scrape.sum(calls, "action", LabelBudget.OTHER, "outcome", "failure")).isEqualTo(1);
    assertThat(scrape.sum(calls, "destination_service", "product")).isEqualTo(5);
    assertThat(scrape.sum("emporium_mesh_call_duration_seconds_count", "destination_service", "product")).isEqualTo(5);
    assertThat(budget.overflowed("emporium.mesh.calls")).isEqualTo(2);
  }

  @Test
  void aValueNoMeterCarriesAnyMoreGoesBackToTheBudget() {
    Gauge[] gauges = new Gauge[3];
    for (int i = 0; i < 3; i++) {
      gauges[i] = metrics.gauge("emporium.test.circuit", "test", () -> 1, "destination_instance", "i" + i);
    }
    metrics.remove(gauges[0]);
    metrics.gauge("emporium.test.circuit", "test", () -> 2, "destination_instance", "i3");

    PrometheusText scrape = new PrometheusText(registry.scrape());
    assertThat(scrape.sum("emporium_test_circuit", "destination_instance", "i3")).isEqualTo(2);
    assertThat(scrape.has("emporium_metrics_label_overflow_total")).isFalse();
  }
}
