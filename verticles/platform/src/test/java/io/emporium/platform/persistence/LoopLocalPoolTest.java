package io.emporium.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.EmporiumConfig.PgSettings;
import io.emporium.platform.testing.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service's pool keeps each event loop on connections of its own (one PostgreSQL backend never serves two
 * loops), answers on the calling loop, holds pg.pool-size connections in all, and still serves callers off
 * any event loop.
 */
@ExtendWith(VertxExtension.class)
class LoopLocalPoolTest {
  private static final int POOL_SIZE = 4;
  private Pool pool;

  @AfterEach
  void close() throws Exception {
    if (pool != null) {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void eachEventLoopQueriesOnItsOwnConnectionsAndIsAnsweredOnItsOwnThread(Vertx vertx) throws Exception {
    PgSettings base = TestDatabase.settings();
    PgSettings settings = new PgSettings(base.host(), base.port(), base.database(), base.user(), base.password(),
        POOL_SIZE, base.timeoutMs());
    pool = PgPools.perEventLoop(vertx, settings, "loop-test", 2);
    // Two deployments in a row get contexts on two event loops in turn.
    Context first = contextOfANewVerticle(vertx);
    Context second = contextOfANewVerticle(vertx);
    Thread firstLoop = threadOf(first);
    Thread secondLoop = threadOf(second);
    assertThat(firstLoop).isNotSameAs(secondLoop);

    Set<Thread> wrongThreads = ConcurrentHashMap.newKeySet();
    Set<Integer> firstBackends = backends(first, wrongThreads).await(20, TimeUnit.SECONDS);
    Set<Integer> secondBackends = backends(second, wrongThreads).await(20, TimeUnit.SECONDS);

    assertThat(wrongThreads).as("answers delivered on another thread than the caller's loop").isEmpty();
    assertThat(firstBackends).isNotEmpty().hasSizeLessThanOrEqualTo(POOL_SIZE / 2);
    assertThat(secondBackends).isNotEmpty().hasSizeLessThanOrEqualTo(POOL_SIZE / 2);
    assertThat(firstBackends).doesNotContainAnyElementsOf(secondBackends);
    assertThat(pool.size()).isLessThanOrEqualTo(POOL_SIZE);
  }

  @Test
  void aCallerOffAnyEventLoopIsServedToo(Vertx vertx) throws Exception {
    pool = PgPools.perEventLoop(vertx, TestDatabase.settings(), "loop-test", 2);
    Integer one = pool.preparedQuery("SELECT 1").execute()
        .map(rows -> rows.iterator().next().getInteger(0))
        .await(20, TimeUnit.SECONDS);
    assertThat(one).isEqualTo(1);
    String committed = pool.withTransaction(connection -> connection.query("SELECT 'in a transaction'").execute()
            .map(rows -> rows.iterator().next().getString(0)))
        .await(20, TimeUnit.SECONDS);
    assertThat(committed).isEqualTo("in a transaction");
  }

  private static Context contextOfANewVerticle(Vertx vertx) throws Exception {
    Promise<Context> started = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        started.complete(context);
        return Future.succeededFuture();
      }
    }).await(10, TimeUnit.SECONDS);
    return started.future().await(10, TimeUnit.SECONDS);
  }

  private static Thread threadOf(Context context) throws Exception {
    Promise<Thread> thread = Promise.promise();
    context.runOnContext(v -> thread.complete(Thread.currentThread()));
    return thread.future().await(10, TimeUnit.SECONDS);
  }

  /** 40 queries from the context, 8 at a time (so the loop needs several connections): the backends that answered. */
  private Future<Set<Integer>> backends(Context context, Set<Thread> wrongThreads) {
    Promise<Set<Integer>> done = Promise.promise();
    context.runOnContext(v -> {
      Thread loop = Thread.currentThread();
      Set<Integer> seen = ConcurrentHashMap.newKeySet();
      Future<Void> chain = Future.succeededFuture();
      for (int round = 0; round < 5; round++) {
        chain = chain.compose(previous -> {
          List<Future<Integer>> batch = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            batch.add(pool.preparedQuery("SELECT pg_backend_pid(), pg_sleep(0.005)").execute().map(rows -> {
              if (Thread.currentThread() != loop) {
                wrongThreads.add(Thread.currentThread());
              }
              return rows.iterator().next().getInteger(0);
            }));
          }
          return Future.all(batch).map(all -> {
            batch.forEach(query -> seen.add(query.result()));
            return null;
          });
        });
      }
      chain.map(v2 -> (Set<Integer>) seen).onComplete(done);
    });
    return done.future();
  }
}
