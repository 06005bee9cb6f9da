package io.emporium.launcher;

import io.emporium.platform.health.Readiness;
import io.emporium.platform.health.ReadinessResult;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Tells the console what {@code /api/health/ready} would answer once the roles are deployed: "Emporium
 * ready: ..." with what holds, or "Emporium NOT ready: ..." with what does not (a gateway that sees no
 * user service, a store out of reach), and then "Emporium ready" when it becomes ready later.
 * Discovery announcements take a moment to arrive after a deploy, so a JVM that is not ready at once
 * is given {@link #GRACE_MS} before it is reported not ready.
 */
final class ReadinessReport {
  static final String READY = "Emporium ready";
  static final String NOT_READY = "Emporium NOT ready";
  static final long GRACE_MS = 3_000;
  private static final long EARLY_POLL_MS = 100;
  private static final long LATER_POLL_MS = 1_000;

  private final Vertx vertx;
  private final Readiness readiness;
  private final long startedNanos = System.nanoTime();
  private boolean reportedNotReady;

  private ReadinessReport(Vertx vertx, Readiness readiness) {
    this.vertx = vertx;
    this.readiness = readiness;
  }

  /** Checks now and goes on checking (on the event loop, never blocking it) until this JVM is ready. */
  static void start(Vertx vertx, Readiness readiness) {
    new ReadinessReport(vertx, readiness).poll();
  }

  private void poll() {
    readiness.check().onSuccess(result -> {
      if (readiness.draining()) {
        return;
      }
      long elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
      if (result.ready()) {
        System.out.println(readyLine(result, reportedNotReady ? elapsedMs : -1));
        return;
      }
      if (!reportedNotReady && elapsedMs >= GRACE_MS) {
        reportedNotReady = true;
        System.out.println(notReadyLine(result));
      }
      vertx.setTimer(reportedNotReady ? LATER_POLL_MS : EARLY_POLL_MS, id -> poll());
    });
  }

  static String readyLine(ReadinessResult result, long afterMs) {
    String when = afterMs < 0 ? "" : String.format(Locale.ROOT, " (%.1f s after start)", afterMs / 1000.0);
    String what = result.holding().isEmpty() ? "" : ": " + phrases(result.holding(), true);
    return READY + what + when;
  }

  static String notReadyLine(ReadinessResult result) {
    String holding = result.holding().isEmpty() ? "" : "; ready: " + phrases(result.holding(), true);
    return NOT_READY + ": " + phrases(result.failing(), false) + holding
        + " (/api/health/ready answers 503 until then; a line says when it is ready)";
  }

  private static String phrases(List<String> checks, boolean holds) {
    return checks.stream().map(check -> phrase(check, holds)).collect(Collectors.joining(", "));
  }

  /** A readiness check's name ({@code user-discovered}, ...) in words. */
  static String phrase(String check, boolean holds) {
    if (check.equals("cluster-member")) {
      return holds ? "member of the cluster" : "not a member of the cluster";
    }
    if (check.equals(EmporiumSystem.CLUSTER_CONNECTED)) {
      return holds ? "connected to the cluster" : "cut off from the cluster";
    }
    if (check.equals(Readiness.DRAINING)) {
      return "shutting down";
    }
    int dash = check.lastIndexOf('-');
    String subject = dash < 0 ? check : check.substring(0, dash);
    return switch (dash < 0 ? "" : check.substring(dash + 1)) {
      case "discovered" -> subject + " service " + (holds ? "discovered" : "not discovered");
      case "store" -> subject + " store " + (holds ? "reachable" : "not reachable");
      case "published" -> subject + " instance " + (holds ? "published in discovery" : "not published in discovery");
      default -> check + (holds ? " holds" : " does not hold");
    };
  }
}
