package io.emporium.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Counts the TLS handshakes of the clustered event bus that failed, in
 * {@code emporium_bus_tls_handshake_failures_total{side="connecting"}}.
 *
 * <p>Only the connecting side can be counted in Vert.x 5.0.8: its bus server reports a refused handshake
 * to the server's exception handler alone, which the clustered event bus does not set, and the metrics
 * SPI hears of a connection only once its handshake succeeded. The connecting side's failure reaches
 * nothing but the log: {@code ClusteredEventBus} warns "Connecting to server ... failed" when its own
 * check fails (a server certificate it does not trust), and with TLS 1.3, where the client's handshake is
 * over before the server has checked the client's certificate, the server's refusal ("Received fatal alert:
 * certificate_unknown") arrives on an open socket that has no exception handler, which
 * {@code ConnectionBase} logs as an ERROR (the exception's text as the message, no throwable). This appender,
 * on those two loggers, counts the events whose cause, or message, is an {@code SSLException}. So a JVM counts the peers it could
 * not reach over TLS (a misconfigured or rogue node is seen by the others when they try to send to it,
 * and it sees them); a stranger that only connects in is not counted by the node it connects to.
 */
final class BusTlsFailures extends AppenderBase<ILoggingEvent> {
  static final String METRIC = "emporium.bus.tls.handshake.failures";
  /** Where Vert.x 5.0.8 logs a failed connection to another node's event bus, and a refusal that came after it. */
  static final List<String> VERTX_LOGGERS = List.of("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus",
      "io.vertx.core.net.impl.ConnectionBase");

  private final Counter failures;

  private BusTlsFailures(Counter failures) {
    this.failures = failures;
  }

  /** Counts from now on (the counter at zero at once, so an alert's increase has a first sample). */
  static BusTlsFailures attach(EmporiumMetrics metrics) {
    BusTlsFailures appender = new BusTlsFailures(metrics.counter(METRIC,
        "TLS handshakes of the clustered event bus that failed, seen from the connecting side (Vert.x 5.0.8"
            + " tells the accepting side nothing)", "side", "connecting"));
    for (String name : VERTX_LOGGERS) {
      if (LoggerFactory.getLogger(name) instanceof Logger logback) {
        if (!appender.isStarted()) {
          appender.setContext(logback.getLoggerContext());
          appender.setName("emporium-bus-tls-failures");
          appender.start();
        }
        logback.addAppender(appender);
      }
    }
    return appender;
  }

  void detach() {
    for (String name : VERTX_LOGGERS) {
      if (LoggerFactory.getLogger(name) instanceof Logger logback) {
        logback.detachAppender(this);
      }
    }
    stop();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.WARN)
        && (isTlsFailure(event.getThrowableProxy()) || namesTlsFailure(event.getFormattedMessage()))) {
      failures.increment();
    }
  }

  /** ConnectionBase logs the exception itself as the message (its toString), with no throwable attached. */
  static boolean namesTlsFailure(String message) {
    return message != null && message.startsWith("javax.net.ssl.");
  }

  static boolean isTlsFailure(IThrowableProxy cause) {
    for (IThrowableProxy t = cause; t != null; t = t.getCause()) {
      if (t.getClassName().startsWith("javax.net.ssl.") || t.getClassName().contains("NotSslRecordException")) {
        return true;
      }
    }
    return false;
  }
}
