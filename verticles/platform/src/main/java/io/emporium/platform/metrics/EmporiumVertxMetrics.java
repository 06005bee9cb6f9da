package io.emporium.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

/**
 * Vert.x's Micrometer metrics, plus Emporium's timing of every SQL statement and Redis command (by
 * operation and table) taken at the same SPI, so no repository has to time its own calls, and the
 * HTTP server's request meters kept per route and status ({@link HttpServerMeters}) and the event bus's
 * per address ({@link EventBusMeters}).
 */
final class EmporiumVertxMetrics implements VertxMetrics {
  private final VertxMetrics delegate;
  private final EmporiumMetrics metrics;
  private final SqlStatements statements = new SqlStatements();
  private final HttpServerMeters httpServerMeters;
  private final MeterRegistry registry;

  EmporiumVertxMetrics(VertxMetrics delegate, EmporiumMetrics metrics, MeterRegistry registry) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.registry = registry;
    this.httpServerMeters = new HttpServerMeters(registry, new GatewayRequestMeters(metrics));
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    ClientMetrics<?, ?, ?> base = delegate.createClientMetrics(remoteAddress, type, namespace);
    return switch (type) {
      case "sql" -> new StoreClientMetrics(StoreClientMetrics.Kind.SQL, base, metrics, statements);
      case "redis" -> new StoreClientMetrics(StoreClientMetrics.Kind.REDIS, base, metrics, statements);
      default -> base;
    };
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return new EventBusMeters(registry);
  }

  @Override
  public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
    HttpServerMetrics<?, ?, ?> base = delegate.createHttpServerMetrics(options, localAddress);
    return base == null ? null : new HttpServerRequestMetrics(base, httpServerMeters);
  }

  @Override
  public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
    return delegate.createHttpClientMetrics(options);
  }

  @Override
  public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
    return delegate.createNetServerMetrics(options, localAddress);
  }

  @Override
  public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
    return delegate.createNetClientMetrics(options);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return delegate.createDatagramSocketMetrics(options);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
    return delegate.createPoolMetrics(poolType, poolName, maxPoolSize);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    delegate.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return delegate.isMetricsEnabled();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
