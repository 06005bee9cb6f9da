package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.metrics.MetricsSetup;
import io.emporium.platform.testing.PrometheusText;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The counter of refused event-bus handshakes reads what Vert.x 5.0.8 logs on the connecting side, in the
 * two shapes it logs them; other errors of the same loggers are not handshakes.
 */
class BusTlsFailuresTest {
  @Test
  void countsTheTwoWaysVertxLogsARefusedHandshakeAndNothingElse() {
    EmporiumMetrics metrics = MetricsSetup.prepare("test").metrics();
    BusTlsFailures counting = BusTlsFailures.attach(metrics);
    try {
      // ConnectionBase: the peer refused after the client's side of a TLS 1.3 handshake, logged as text.
      LoggerFactory.getLogger("io.vertx.core.net.impl.ConnectionBase")
          .error(new SSLHandshakeException("Received fatal alert: certificate_unknown").toString());
      // ClusteredEventBus: this JVM refused the server's certificate, logged with the cause.
      LoggerFactory.getLogger("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus")
          .warn("Connecting to server node-2 failed", new SSLHandshakeException("PKIX path building failed"));
      // Not handshakes: a reset connection, a refused port.
      LoggerFactory.getLogger("io.vertx.core.net.impl.ConnectionBase").error("Connection reset by peer");
      LoggerFactory.getLogger("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus")
          .warn("Connecting to server node-3 failed", new IOException("Connection refused"));
    } finally {
      counting.detach();
    }
    PrometheusText scrape = new PrometheusText(metrics.scrape());
    assertThat(scrape.sum("emporium_bus_tls_handshake_failures_total", "side", "connecting")).isEqualTo(2);
  }
}
