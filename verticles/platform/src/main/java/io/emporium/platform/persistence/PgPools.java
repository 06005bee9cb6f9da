package io.emporium.platform.persistence;

import io.emporium.platform.config.EmporiumConfig.PgSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** Builds a service's PostgreSQL pool from config, with every wait bounded. */
public final class PgPools {
  private PgPools() {}

  public static Pool create(Vertx vertx, PgSettings settings, String applicationName) {
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
        .setMaxSize(settings.poolSize())
        .setMaxWaitQueueSize(settings.poolSize() * 64)
        .setConnectionTimeout(settings.timeoutMs())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(60)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setShared(true)
        .setName("emporium-" + applicationName);
    NetClientOptions tcp = new NetClientOptions().setConnectTimeout(settings.timeoutMs()).setTcpKeepAlive(true);
    return PgBuilder.pool().with(pool).with(tcp).connectingTo(connect).using(vertx).build();
  }
}
