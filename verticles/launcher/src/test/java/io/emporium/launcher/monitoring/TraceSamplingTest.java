package io.emporium.launcher.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.launcher.EmporiumSystem;
import io.emporium.launcher.RunningSystem;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.testing.Ports;
import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sampled tracing, parent-based: with a receiver configured and a sample ratio of 0, no trace starts
 * at this gateway, yet a request whose caller recorded its trace ({@code traceparent} flag 01) is
 * followed, and its id answered; an unrecorded one is not. (Without a receiver no span is made at all:
 * {@link MetricsEndpointTest}.)
 */
class TraceSamplingTest {
  private static RunningSystem system;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    // a receiver nobody listens on: the spans' export fails in the background, which the answers never see
    system = EmporiumSystem.start(TestConfigs.with(Map.of(
            ConfigKey.HTTP_PORT, "0",
            ConfigKey.HTTP_HOST, "127.0.0.1",
            ConfigKey.TRACING_OTLP_ENDPOINT, "http://127.0.0.1:" + Ports.free() + "/v1/traces",
            ConfigKey.TRACING_SAMPLE_RATIO, "0")))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    port = system.httpPort().orElseThrow();
  }

  @AfterAll
  static void stop() throws Exception {
    system.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Optional<String> traceIdOf(String traceparent) throws Exception {
    Reply response = Http.on(port).send("GET", "/api/products/" + UUID.randomUUID(), null, null,
        traceparent == null ? Map.of() : Map.of("traceparent", traceparent));
    assertThat(response.status()).isEqualTo(404);
    return Optional.ofNullable(response.header("X-Trace-Id"));
  }

  @Test
  void noTraceStartsHereAtRatioZero() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(traceIdOf(null)).isEmpty();
    }
  }

  @Test
  void aTraceItsCallerRecordedIsFollowed() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(traceIdOf("00-" + traceId + "-00f067aa0ba902b7-01")).contains(traceId);
  }

  @Test
  void aTraceItsCallerDidNotRecordIsNotRecordedHere() throws Exception {
    assertThat(traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4737-00f067aa0ba902b7-00")).isEmpty();
  }
}
