package io.emporium.order.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST-ONLY fault switches: they stop this JVM dead ({@code Runtime.halt(86)}: no shutdown hook, no
 * unpublishing, like {@code kill -9}) at one point of a write, so multi-JVM tests can prove what a crash
 * there leaves behind. Off unless a system property turns one on; never set them in production.
 *
 * <ul>
 *   <li>{@value #AFTER_RESERVATION}: checkout halts after the product service held the stock, before the
 *       order is committed;
 *   <li>{@value #AFTER_CONFIRM}: payment halts after the reservation was confirmed (the stock sold), before
 *       the order is written PAID.
 * </ul>
 */
public final class CrashPoints {
  public static final String AFTER_RESERVATION = "emporium.fault.order.halt-after-reservation";
  public static final String AFTER_CONFIRM = "emporium.fault.order.halt-after-confirm";
  /** The exit status of a halted JVM, so a test can tell a planned crash from any other death. */
  public static final int STATUS = 86;
  private static final Logger LOG = LoggerFactory.getLogger(CrashPoints.class);

  private final boolean afterReservation;
  private final boolean afterConfirm;

  private CrashPoints(boolean afterReservation, boolean afterConfirm) {
    this.afterReservation = afterReservation;
    this.afterConfirm = afterConfirm;
  }

  /** The switches as this JVM's system properties set them (read once). */
  public static CrashPoints fromSystemProperties() {
    CrashPoints points = new CrashPoints(Boolean.getBoolean(AFTER_RESERVATION), Boolean.getBoolean(AFTER_CONFIRM));
    if (points.afterReservation || points.afterConfirm) {
      LOG.warn("TEST-ONLY fault switches are on: this JVM halts {}{}", points.afterReservation
          ? "after a checkout's reservation " : "", points.afterConfirm ? "after a payment's confirmation" : "");
    }
    return points;
  }

  public static CrashPoints none() {
    return new CrashPoints(false, false);
  }

  public void afterReservation() {
    if (afterReservation) {
      halt(AFTER_RESERVATION);
    }
  }

  public void afterConfirm() {
    if (afterConfirm) {
      halt(AFTER_CONFIRM);
    }
  }

  private static void halt(String point) {
    // stderr, not the logger: an asynchronous appender would lose the line with the JVM
    System.err.println("CRASH POINT " + point + ": halting with status " + STATUS);
    System.err.flush();
    Runtime.getRuntime().halt(STATUS);
  }
}
