package io.emporium.platform.persistence;

import io.emporium.platform.config.EmporiumConfig.PgSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** Builds a service's PostgreSQL pool from config, with every wait bounded. */
public final class PgPools {
  private PgPools() {}

  /** One pool of {@code pg.pool-size} connections, whatever loop calls it (tests, tools). */
  public static Pool create(Vertx vertx, PgSettings settings, String applicationName) {
    return single(vertx, settings, applicationName, settings.poolSize());
  }

  /**
   * A service's pool as its event loops use it: {@code pg.pool-size} connections in all, shared out
   * between one pool per event loop (at least one each), so that each loop's queries stay on its own
   * connections (see {@link LoopLocalPool}).
   */
  public static Pool perEventLoop(Vertx vertx, PgSettings settings, String applicationName, int eventLoops) {
    int loops = Math.max(1, eventLoops);
    int each = Math.max(1, (settings.poolSize() + loops - 1) / loops);
    return new LoopLocalPool(IntStream.range(0, loops)
        .mapToObj(i -> single(vertx, settings, applicationName, each)).toList());
  }

  private static Pool single(Vertx vertx, PgSettings settings, String applicationName, int size) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setDatabase(settings.database())
        .setUser(settings.user())
        .setPassword(settings.password().value())
        .setCachePreparedStatements(true)
        .setReconnectAttempts(0)
        // A statement that runs longer than this is cancelled by the server: no query hangs a caller.
        .addProperty("statement_timeout", String.valueOf(settings.timeoutMs()))
        .addProperty("application_name", applicationName);
    PoolOptions pool = new PoolOptions()
        .setMaxSize(size)
        .setMaxWaitQueueSize(size * 64)
        .setConnectionTimeout(settings.timeoutMs())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(60)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setName("emporium-" + applicationName);
    NetClientOptions tcp = new NetClientOptions().setConnectTimeout(settings.timeoutMs()).setTcpKeepAlive(true);
    return PgBuilder.pool().with(pool).with(tcp).connectingTo(connect).using(vertx).build();
  }
}
