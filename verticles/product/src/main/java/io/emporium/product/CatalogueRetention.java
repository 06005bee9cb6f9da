package io.emporium.product;

import io.emporium.platform.config.EmporiumConfig.RetentionSettings;
import io.emporium.platform.retention.RetentionSweep;
import io.emporium.product.store.ProductRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Keeps the product service's tables from growing for ever: every {@code retention.sweep-interval-ms} (the
 * first time shortly after start) it deletes reservations that finished (confirmed, released or expired)
 * more than {@code retention.finished-reservation-hours} ago, and audit entries older than
 * {@code retention.product-audit-hours}, a batch at a time. One per JVM with the product role; sweeps of
 * several JVMs share the rows ({@code SKIP LOCKED}). Held reservations are the sweeper's
 * ({@link io.emporium.product.ReservationSweeper}), delivered events the outbox relay's.
 */
public final class CatalogueRetention extends VerticleBase {
  /** The first sweep comes this soon after start at the latest. */
  static final long FIRST_SWEEP_MS = 5_000;

  private final ProductRepository repository;
  private final Duration keepFinishedReservations;
  private final Duration keepAudit;
  private final long intervalMs;
  private final long timeoutMs;
  private RetentionSweep sweep;
  private long timer = -1;

  /** @param timeoutMs bound of each delete */
  public CatalogueRetention(ProductRepository repository, Duration keepFinishedReservations, Duration keepAudit,
      long intervalMs, long timeoutMs) {
    if (keepFinishedReservations.isNegative() || keepAudit.isNegative() || intervalMs < 1) {
      throw new IllegalArgumentException("invalid retention: reservations " + keepFinishedReservations + ", audit "
          + keepAudit + ", every " + intervalMs + " ms");
    }
    this.repository = repository;
    this.keepFinishedReservations = keepFinishedReservations;
    this.keepAudit = keepAudit;
    this.intervalMs = intervalMs;
    this.timeoutMs = timeoutMs;
  }

  public static CatalogueRetention from(ProductRepository repository, RetentionSettings retention, long timeoutMs) {
    return new CatalogueRetention(repository, retention.finishedReservationRetention(),
        retention.productAuditRetention(), retention.sweepIntervalMs(), timeoutMs);
  }

  /** The sweep itself: what it deletes, from which cutoffs. */
  static RetentionSweep sweep(Vertx vertx, ProductRepository repository, Duration keepFinishedReservations,
      Duration keepAudit, long timeoutMs) {
    return new RetentionSweep(vertx, "product retention", timeoutMs)
        .step("finished reservation(s)",
            (now, limit) -> repository.purgeFinishedReservations(now.minus(keepFinishedReservations), limit))
        .step("audit entr(y/ies)", (now, limit) -> repository.purgeAuditLog(now.minus(keepAudit), limit));
  }

  @Override
  public Future<?> start() {
    sweep = sweep(vertx, repository, keepFinishedReservations, keepAudit, timeoutMs);
    timer = vertx.setPeriodic(Math.min(intervalMs, FIRST_SWEEP_MS), intervalMs, id -> sweep.run());
    return Future.succeededFuture();
  }

  /** Waits for the batch in flight (bounded by its timeout), so the pool is not closed under it. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return sweep.stop();
  }
}
