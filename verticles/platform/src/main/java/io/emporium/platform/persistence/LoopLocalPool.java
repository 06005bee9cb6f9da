package io.emporium.platform.persistence;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionPropagation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One pool per event loop behind the one {@link Pool} the stores hold. A pool creates each connection on
 * the event loop of the caller that needed it, but hands out whichever connection is free: with several
 * loops calling one pool, most queries were written, read and completed on another thread than the
 * caller's. Here each event-loop thread keeps to its own pool, so its connections live on its loop and a
 * query crosses no thread; callers off any event loop (start-up, worker threads) use the first pool.
 */
final class LoopLocalPool implements Pool {
  private final List<Pool> pools;
  private final Map<Thread, Pool> byLoop = new ConcurrentHashMap<>();
  private final AtomicInteger assigned = new AtomicInteger();

  /** @param pools one per event loop of the Vert.x instance (more loops than pools share them in turn) */
  LoopLocalPool(List<Pool> pools) {
    this.pools = List.copyOf(pools);
  }

  private Pool current() {
    if (!Context.isOnEventLoopThread()) {
      return pools.get(0);
    }
    Thread loop = Thread.currentThread();
    Pool mine = byLoop.get(loop);
    return mine != null ? mine
        : byLoop.computeIfAbsent(loop, thread -> pools.get(Math.floorMod(assigned.getAndIncrement(), pools.size())));
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return current().getConnection();
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return current().query(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return current().preparedQuery(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return current().preparedQuery(sql, options);
  }

  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
    return current().withTransaction(function);
  }

  @Override
  public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
    return current().withTransaction(propagation, function);
  }

  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
    return current().withConnection(function);
  }

  /** Connections open across every loop's pool. */
  @Override
  public int size() {
    return pools.stream().mapToInt(Pool::size).sum();
  }

  @Override
  public Future<Void> close() {
    return Future.join(pools.stream().map(Pool::close).toList()).mapEmpty();
  }
}
