package io.emporium.product;

import io.emporium.platform.async.FailureStreak;
import io.emporium.product.store.Recorder;
import io.emporium.product.store.ReservationStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the stock of expired reservations back: every {@code intervalMs} it expires the held
 * reservations whose time has passed, a batch at a time (looking again at once after a full batch).
 * One per JVM with the product role; sweepers of several JVMs share the work (PostgreSQL's
 * {@code SKIP LOCKED}), and a reservation expires exactly once.
 */
public final class ReservationSweeper extends VerticleBase {
  static final int BATCH = 100;
  private static final Logger LOG = LoggerFactory.getLogger(ReservationSweeper.class);

  private final ReservationStore repository;
  private final long intervalMs;
  private final int lowStockThreshold;
  private long timer = -1;
  private boolean running;
  private final FailureStreak failures = new FailureStreak(LOG, "cannot expire reservations (will keep trying)", null);
  private boolean stopped;

  public ReservationSweeper(ReservationStore repository, long intervalMs, int lowStockThreshold) {
    this.repository = repository;
    this.intervalMs = intervalMs;
    this.lowStockThreshold = lowStockThreshold;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(intervalMs, id -> sweep());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void sweep() {
    if (running || stopped) {
      return;
    }
    running = true;
    repository.expireReservations(Instant.now(), BATCH, Recorder.system(lowStockThreshold)).onComplete(done -> {
      running = false;
      if (done.failed()) {
        failures.failed(done.cause());
        return;
      }
      failures.succeeded();
      if (done.result() > 0) {
        LOG.info("{} expired reservation(s) gave their stock back", done.result());
      }
      if (done.result() >= BATCH) {
        vertx.runOnContext(v -> sweep());
      }
    });
  }
}
