package io.emporium.platform.async;

import org.slf4j.Logger;

/**
 * A periodic task's failures, logged once per streak: a store down for an hour is one warning, not
 * one per round; the end of the streak is logged too when the task says how. Used from one context.
 */
public final class FailureStreak {
  private final Logger log;
  private final String failure;
  private final String recovery;
  private boolean failing;

  /**
   * @param failure what is logged (WARN) at the first failure, followed by {@code ": "} and the cause
   * @param recovery what is logged (INFO) at the first success after failures; null logs nothing
   */
  public FailureStreak(Logger log, String failure, String recovery) {
    this.log = log;
    this.failure = failure;
    this.recovery = recovery;
  }

  public void failed(Throwable cause) {
    if (!failing) {
      log.warn("{}: {}", failure, cause.toString());
    }
    failing = true;
  }

  public void succeeded() {
    if (failing && recovery != null) {
      log.info(recovery);
    }
    failing = false;
  }
}
