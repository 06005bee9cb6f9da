package io.emporium.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrometheusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Scrapes a JVM's /metrics with the scrape token. */
public final class Metrics {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Metrics() {}

  public static PrometheusText scrape(int port, String token) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET /metrics on port %d: %s", port, response.body()).isEqualTo(200);
      return new PrometheusText(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
