package io.emporium.launcher;

import io.emporium.gateway.http.RequestIds;
import io.emporium.gateway.monitoring.MonitoringAccess;
import io.emporium.gateway.monitoring.MonitoringRoutes;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server per JVM on {@code management.port} (0 = none), for what operators and their
 * tools read from every JVM, whatever its roles: {@code /metrics} now; other modules add their routes
 * to {@link #router()} (health probes, for instance). It binds the same interface as the gateway.
 */
public final class ManagementServer {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

  private final Router router;
  private final HttpServer server;

  private ManagementServer(Router router, HttpServer server) {
    this.router = router;
    this.server = server;
  }

  /** Starts the server when {@code management.port} is set; an empty result otherwise. */
  static Future<Optional<ManagementServer>> start(Vertx vertx, EmporiumConfig config) {
    int port = config.observability().managementPort();
    if (port == 0) {
      return Future.succeededFuture(Optional.empty());
    }
    Router router = Router.router(vertx);
    router.route().handler(new RequestIds());
    EmporiumMetrics metrics = EmporiumMetrics.of(vertx);
    new MonitoringRoutes(vertx, metrics, new MonitoringAccess(config.metricsToken(), verifier(vertx, config), metrics))
        .mountMetrics(router);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(config.http().host())
        .setPort(port)
        .setIdleTimeout(config.http().idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    return server.requestHandler(router).listen().map(bound -> {
      LOG.info("management server listening on port {} (/metrics)", bound.actualPort());
      return Optional.of(new ManagementServer(router, bound));
    });
  }

  /** Admin tokens are checked where this JVM can verify them; otherwise only the scrape token opens /metrics. */
  private static Optional<AccessTokens> verifier(Vertx vertx, EmporiumConfig config) {
    try {
      return Optional.of(AccessTokens.create(vertx, config.jwt()));
    } catch (RuntimeException noKey) {
      LOG.info("management server: access tokens cannot be verified in this JVM; /metrics takes the scrape token only");
      return Optional.empty();
    }
  }

  /** The router of the management server: mount more routes here (they are served at once). */
  public Router router() {
    return router;
  }

  public int actualPort() {
    return server.actualPort();
  }

  Future<Void> close() {
    return server.close();
  }
}
