package io.emporium.gateway.mesh;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.routes.Requests;
import io.emporium.platform.mesh.MeshClient;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The mesh's admin routes: {@code GET /api/mesh/stats} (what the mesh of the gateway verticle that took
 * the connection sees and does, and under {@code verticles} the view of every gateway verticle of the JVM),
 * and {@code GET|PUT /api/admin/mesh/services/:name/policy} (read, or change at run time and
 * cluster-wide, a service's strategy, split, timeouts, retries and breaker settings). Every route runs
 * behind the admin check it is given.
 */
public final class MeshRoutes {
  public static final String STATS_PATH = "/api/mesh/stats";
  public static final String POLICY_PATH = "/api/admin/mesh/services/:name/policy";

  private final MeshClient mesh;
  private final MeshViews views;

  /** @param views every gateway verticle's view, this one's included */
  public MeshRoutes(MeshClient mesh, MeshViews views) {
    this.mesh = mesh;
    this.views = views;
  }

  /** @param validation the API contract's check of a route (method, path), run after the admin check */
  public void mount(Router router, Handler<RoutingContext> adminOnly,
      BiFunction<HttpMethod, String, Handler<RoutingContext>> validation) {
    router.get(STATS_PATH).handler(adminOnly).handler(validation.apply(HttpMethod.GET, STATS_PATH))
        .handler(this::stats);
    router.get(POLICY_PATH).handler(adminOnly).handler(validation.apply(HttpMethod.GET, POLICY_PATH))
        .handler(this::readPolicy);
    router.put(POLICY_PATH).handler(adminOnly).handler(validation.apply(HttpMethod.PUT, POLICY_PATH))
        .handler(this::updatePolicy);
  }

  /** This verticle's view at the top (the fields clients read before views were gathered), then all of them. */
  private void stats(RoutingContext ctx) {
    views.gather().onSuccess(all -> json(ctx, 200, mesh.stats().put("verticles", all.views())
        .put("verticlesUnanswered", all.unanswered()))).onFailure(ctx::fail);
  }

  private void readPolicy(RoutingContext ctx) {
    service(ctx).ifPresent(service -> json(ctx, 200, mesh.policyRevision(service).toJson()));
  }

  private void updatePolicy(RoutingContext ctx) {
    service(ctx).ifPresent(service -> Requests.jsonObject(ctx).ifPresent(document ->
        mesh.updatePolicy(service, document)
            .onSuccess(revision -> json(ctx, 200, revision.toJson()))
            .onFailure(e -> Problems.send(ctx, ServiceError.from(e)))));
  }

  /** The service named in the path; a 404 naming the known services otherwise. */
  private static Optional<ServiceName> service(RoutingContext ctx) {
    Optional<ServiceName> service = ServiceName.fromWire(ctx.pathParam("name"));
    if (service.isEmpty()) {
      Problems.send(ctx, 404, ErrorCode.NOT_FOUND.name(), "no such service; the services are "
          + Arrays.stream(ServiceName.values()).map(ServiceName::wireName).toList(), "name");
    }
    return service;
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.toBuffer());
  }
}
