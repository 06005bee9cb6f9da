package io.emporium.gateway;

import io.emporium.contract.ServiceName;
import io.emporium.gateway.config.GatewaySettings;
import io.emporium.gateway.docs.ApiDocs;
import io.emporium.gateway.http.FramingCheck;
import io.emporium.gateway.http.GatewayServerOptions;
import io.emporium.gateway.http.MalformedRequests;
import io.emporium.gateway.mesh.MeshViews;
import io.emporium.gateway.policy.GatewayPolicies;
import io.emporium.gateway.policy.validation.ApiContract;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.health.Readiness;
import io.emporium.platform.health.ReadinessCheck;
import io.emporium.platform.mesh.MeshClient;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.security.AccessTokens;
import io.emporium.platform.security.CallerSignatures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The web verticle: an HTTP server in front of the event bus. It depends on the contract only; every
 * request becomes a mesh call. Several instances share one port.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final int REDIS_POOL_SIZE = 16;
  private static final int REDIS_POOL_WAITING = 1_024;
  private static final int REDIS_CONNECT_TIMEOUT_MS = 1_000;

  private final EmporiumConfig config;
  private final ServiceDirectory directory;
  private HttpServer server;
  private HealthReport health;
  private MeshClient mesh;
  private MeshViews meshViews;
  private Optional<Redis> redis = Optional.empty();
  private Readiness readiness;
  // volatile: read from a Hazelcast thread by clusterConnectionChanged
  private volatile GatewayPolicies policies;
  private io.vertx.ext.web.Router router;
  private java.util.Set<String> validatedRoutes = java.util.Set.of();

  public GatewayVerticle(EmporiumConfig config, ServiceDirectory directory) {
    this(config, directory, null);
  }

  /** @param readiness the whole JVM's readiness (the launcher's); null: the gateway's own checks only */
  public GatewayVerticle(EmporiumConfig config, ServiceDirectory directory, Readiness readiness) {
    this.config = config;
    this.directory = directory;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    mesh = new MeshClient(vertx, directory, MeshSettings.of(config), CallerSignatures.from(config));
    meshViews = new MeshViews(vertx, mesh);
    redis = config.redisUrl().map(url -> Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
        .setMaxPoolSize(REDIS_POOL_SIZE).setMaxPoolWaiting(REDIS_POOL_WAITING)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(REDIS_CONNECT_TIMEOUT_MS))));
    policies = new GatewayPolicies(vertx, config, redis);
    health = new HealthReport(vertx, mesh, directory, redis, config.timeouts().healthMs());
    if (readiness == null) {
      readiness = gatewayReadiness();
    }
    GatewaySettings.InputLimits limits = GatewaySettings.of(config).limits();
    HttpServerOptions options = GatewayServerOptions.of(config.http(), limits);
    io.vertx.core.Handler<io.vertx.core.http.HttpConnection> framingCheck = FramingCheck.apply(options);
    ApiDocs docs = ApiDocs.load();
    // the contract is loaded once per gateway instance, before the router that validates against it
    return ApiContract.load(vertx, docs.document()).compose(contract -> {
      server = vertx.createHttpServer(options)
          .connectionHandler(framingCheck)
          .invalidRequestHandler(new MalformedRequests())
          .requestHandler(entry(GatewayRouter.create(vertx, config, mesh, meshViews, health,
              AccessTokens.create(vertx, config.jwt()), new HealthProbes(readiness), policies, docs, contract)));
      validatedRoutes = contract.validatedRoutes();
      return mesh.start();
    }).compose(v -> meshViews.publish()).compose(v -> health.start()).compose(v -> policies.start()).compose(v -> server.listen());
  }

  private io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> entry(GatewayRouter.Entry entry) {
    router = entry.router();
    return entry.requests();
  }

  /** Stops accepting, lets requests in flight finish (bounded), then closes. */
  @Override
  public Future<?> stop() {
    readiness.startDraining();
    // off the list of views at once: the other verticles stop asking a verticle that is going
    Future<Void> withdrawn = meshViews == null ? Future.succeededFuture() : meshViews.withdraw();
    Future<Void> drained = server == null ? Future.succeededFuture()
        : server.shutdown(config.timeouts().shutdownDrainMs(), TimeUnit.MILLISECONDS);
    return Future.join(withdrawn, drained).eventually(() -> policies == null ? Future.succeededFuture() : policies.stop())
        .eventually(() -> health.stop()).eventually(() -> mesh == null ? Future.succeededFuture()
        : mesh.close()).eventually(() -> {
      redis.ifPresent(Redis::close);
      return Future.succeededFuture();
    });
  }

  /**
   * This JVM was cut off from the cluster ({@code rejoined} false) or is back in it: whatever this gateway
   * cached may have changed meanwhile without its hearing of it. Runs on this verticle's context.
   */
  public void clusterConnectionChanged(boolean rejoined) {
    GatewayPolicies started = policies; // read first: its volatile write follows the context's
    if (started == null) {
      return;
    }
    context.runOnContext(v -> started.missedClusterWrites(rejoined ? "rejoined the cluster"
        : "cut off from the cluster"));
  }

  /** A gateway needs an instance of each service it routes to. */
  private Readiness gatewayReadiness() {
    Readiness own = new Readiness(vertx, config.timeouts().healthMs());
    for (ServiceName service : ServiceName.values()) {
      if (!service.core()) {
        continue; // see ServiceName.core(): a deployment without orders still serves the rest
      }
      own.add(ReadinessCheck.condition(service.wireName() + "-discovered", () -> !directory.instances(service).isEmpty()));
    }
    return own;
  }

  /**
   * Every route with a method, as {@code GET /api/products/{id}} (OpenAPI's path form), less the
   * documentation's own: what the OpenAPI document must describe.
   */
  public java.util.List<String> routeSignatures() {
    return router.getRoutes().stream()
        .filter(route -> route.getPath() != null && route.methods() != null && !route.methods().isEmpty())
        .filter(route -> !route.getPath().equals("/openapi.json") && !route.getPath().startsWith("/docs"))
        // HEAD is implied by GET (HeadRequests): the document describes GET
        .flatMap(route -> route.methods().stream().filter(method -> method != io.vertx.core.http.HttpMethod.HEAD)
            .map(method -> method.name() + " "
            + route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}")))
        .distinct().sorted().toList();
  }

  /** The routes whose requests are checked against the OpenAPI document, as {@code GET /api/products/{id}}. */
  public java.util.Set<String> validatedRouteSignatures() {
    return validatedRoutes;
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
