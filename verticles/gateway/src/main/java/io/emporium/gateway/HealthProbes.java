package io.emporium.gateway;

import io.emporium.gateway.http.Problems;
import io.emporium.platform.health.Readiness;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The two endpoints orchestrators poll, cheap and unauthenticated, revealing nothing internal:
 * {@code GET /api/health/live} (200 while this process answers on an event loop and its liveness holds,
 * 503 once it does not: cut off from the cluster for longer than {@code cluster.rejoin-bound-ms}) and
 * {@code GET /api/health/ready} (200 when the JVM's readiness holds, 503 otherwise, with no detail).
 * Mounted on the gateway's router and on the per-JVM management server.
 */
public final class HealthProbes {
  public static final String LIVE_PATH = "/api/health/live";
  public static final String READY_PATH = "/api/health/ready";

  private final Readiness readiness;

  public HealthProbes(Readiness readiness) {
    this.readiness = readiness;
  }

  /** GET (and HEAD) answer; any other method is told 405 with the methods that would. */
  public void mount(Router router) {
    router.route(LIVE_PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(live());
    router.route(READY_PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ready());
    router.route(LIVE_PATH).handler(HealthProbes::methodNotAllowed);
    router.route(READY_PATH).handler(HealthProbes::methodNotAllowed);
  }

  private static void methodNotAllowed(RoutingContext ctx) {
    ctx.response().setStatusCode(405).putHeader("Allow", "GET, HEAD")
        .putHeader("Content-Type", "application/problem+json").putHeader("Cache-Control", "no-store")
        .end(Problems.body(405, "METHOD_NOT_ALLOWED", "a probe answers GET and HEAD", ctx.request().path()).toBuffer());
  }

  /** Answering at all proves the event loop that runs this handler is not blocked; the rest is the JVM's liveness. */
  public Handler<RoutingContext> live() {
    return ctx -> {
      boolean live = readiness.liveness().live();
      send(ctx, live ? 200 : 503, live ? "UP" : "DOWN");
    };
  }

  public Handler<RoutingContext> ready() {
    return ctx -> readiness.check().onComplete(result ->
        send(ctx, result.succeeded() && result.result().ready() ? 200 : 503,
            result.succeeded() && result.result().ready() ? "READY" : "NOT_READY"));
  }

  private static void send(RoutingContext ctx, int status, String text) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("status", text).toBuffer());
  }
}
