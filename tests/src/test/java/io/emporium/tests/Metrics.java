package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrometheusText;
import io.emporium.testkit.Http;
import java.net.URI;

/** Scrapes a JVM's /metrics with the scrape token. */
public final class Metrics {
  private Metrics() {}

  public static PrometheusText scrape(int port, String token) {
    Http.Reply response = Http.to(URI.create("http://127.0.0.1:" + port)).get("/metrics", token);
    assertThat(response.status()).as("GET /metrics on port %d: %s", port, response.body()).isEqualTo(200);
    return new PrometheusText(response.body());
  }
}
