package io.emporium.order;

import io.emporium.contract.ServiceError;
import io.emporium.order.actions.Lifecycle;
import io.emporium.order.domain.Order;
import io.emporium.order.store.OrderStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels orders still unpaid past their payment window and releases their stock, a batch every
 * {@code order.sweep-seconds}. Sweepers of several JVMs may pick one order: the version check lets one
 * cancel it, the other's CONFLICT is expected and ignored. One sweep at a time per JVM.
 */
final class UnpaidOrderSweeper extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UnpaidOrderSweeper.class);
  static final int BATCH = 100;

  private final OrderStore store;
  private final Lifecycle lifecycle;
  private final long intervalMs;
  private boolean sweeping;
  private long timer = -1;

  UnpaidOrderSweeper(OrderStore store, Lifecycle lifecycle, long intervalMs) {
    this.store = store;
    this.lifecycle = lifecycle;
    this.intervalMs = intervalMs;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(intervalMs, id -> sweep());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One sweep; answers how many orders it cancelled. */
  Future<Integer> sweep() {
    if (sweeping) {
      return Future.succeededFuture(0);
    }
    sweeping = true;
    String requestId = "order-sweep-" + UUID.randomUUID();
    return store.unpaidDueBefore(Instant.now(), BATCH)
        .compose(due -> Future.join(due.stream().map(order -> expire(order, requestId)).toList())
            .map(all -> (int) all.<Boolean>list().stream().filter(Boolean::booleanValue).count())
            .otherwise(0))
        .onFailure(e -> LOG.warn("the unpaid-order sweep could not read the store: {}", ServiceError.from(e).message()))
        .onComplete(done -> sweeping = false);
  }

  private Future<Boolean> expire(Order order, String requestId) {
    return lifecycle.expire(order, requestId).map(true).recover(e -> {
      LOG.warn("unpaid order {} past its window not cancelled yet ({}); the next sweep tries again", order.id(),
          ServiceError.from(e).message());
      return Future.succeededFuture(false);
    });
  }

}
