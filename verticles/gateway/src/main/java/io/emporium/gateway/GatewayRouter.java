package io.emporium.gateway;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.gateway.config.GatewaySettings;
import io.emporium.gateway.docs.ApiDocs;
import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.AllowedMethods;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.ClientAddresses;
import io.emporium.gateway.http.HeadRequests;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.http.RequestIds;
import io.emporium.gateway.http.Responses;
import io.emporium.gateway.http.RoutePipeline;
import io.emporium.gateway.http.SecurityHeaders;
import io.emporium.gateway.http.Step;
import io.emporium.gateway.mesh.MeshRoutes;
import io.emporium.gateway.mesh.MeshViews;
import io.emporium.gateway.policy.CacheLane;
import io.emporium.gateway.policy.GatewayPolicies;
import io.emporium.gateway.policy.PolicyRoutes;
import io.emporium.gateway.policy.validation.ApiContract;
import io.emporium.gateway.policy.validation.ContractValidation;
import io.emporium.gateway.product.ProductRoutes;
import io.emporium.gateway.routes.AuditRoutes;
import io.emporium.gateway.routes.Dispatch;
import io.emporium.gateway.routes.UserRoutes;
import io.emporium.gateway.security.AccessCheck;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.mesh.MeshClient;
import io.emporium.platform.security.AccessTokens;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's router: cross-cutting handlers first, in the order of the architecture, then the
 * route table (each route checks its access before its handler), then one problem+json answer for
 * every error status vertx-web can produce.
 */
final class GatewayRouter {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayRouter.class);

  private GatewayRouter() {}

  /** The router, and what the HTTP server hands each request: the cache lane in front of the router. */
  record Entry(Router router, Handler<HttpServerRequest> requests) {}

  static Entry create(Vertx vertx, EmporiumConfig config, MeshClient mesh, MeshViews meshViews, HealthReport health,
      AccessTokens tokens, HealthProbes probes, GatewayPolicies policies, ApiDocs docs, ApiContract contract) {
    Router router = Router.router(vertx);
    HeadRequests.mount(router);
    // what every request goes through first, as one handler of plain calls (see Step)
    ClientAddresses clientAddresses = new ClientAddresses(GatewaySettings.of(config).trustedProxies());
    router.route().handler(Step.sequence(new RequestIds(), clientAddresses, policies.requestLog(), new SecurityHeaders()));
    policies.cors().ifPresent(cors -> router.route().handler(cors));
    // Probes come before body parsing and authentication: orchestrators poll them often and without tokens.
    probes.mount(router);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()));
    // What every /api request goes through after its body is read and before its route's own policies.
    // One route of its own before the table: vertx-web answers 405 (not 404) to a path the table serves
    // with another method only when no route matched after the one whose method differed.
    router.route("/api/*").handler(RoutePipeline.compile(List.of(Policy.of(policies.inputLimits()),
        Policy.of(policies.fieldSelection()), new Authentication(tokens)), RoutingContext::next));
    CacheLane.Builder lane = new CacheLane.Builder();
    mountTable(router, mesh, policies, contract, lane);

    router.get("/api/health").handler(ctx -> health.build().map(report -> report.put("gateway", policies.health()))
        .onSuccess(report -> Responses.json(ctx,
        "UP".equals(report.getString("status")) ? 200 : 503, report)));
    new MeshRoutes(mesh, meshViews).mount(router, AccessCheck.of(Access.ADMIN), contract::validation);
    new PolicyRoutes(policies).mount(router, AccessCheck.of(Access.ADMIN), contract::validation);
    docs.mount(router);
    io.emporium.gateway.monitoring.MonitoringRoutes.mountOnGateway(router, vertx, config, tokens);

    router.errorHandler(404, ctx -> Problems.send(ctx, 404, ErrorCode.NOT_FOUND.name(), "no such route", null));
    router.errorHandler(405, ctx -> {
      ctx.response().putHeader("Allow", AllowedMethods.of(router, ctx.request().path()));
      Problems.send(ctx, 405, "METHOD_NOT_ALLOWED", "method not allowed on this route", null);
    });
    router.errorHandler(413, ctx -> Problems.send(ctx, 413, "PAYLOAD_TOO_LARGE",
        "the request body is larger than " + config.http().maxBodyBytes() + " bytes", null));
    router.errorHandler(400, ctx -> Problems.send(ctx, ServiceError.of(ErrorCode.VALIDATION, "malformed request")));
    router.errorHandler(500, GatewayRouter::internal);
    return new Entry(router, lane.build(vertx, router, clientAddresses, policies.requestLog(), policies.inputLimits(),
        io.emporium.gateway.monitoring.TraceIds::write, policies.cors().isPresent()));
  }

  /**
   * The route table, each route one compiled pipeline ({@link RoutePipeline}): rate limit, access check,
   * contract, idempotency key (signed-in writes), cache, and the route's handler. The contract is
   * checked after the access check (a caller without the right token learns 401/403, not what the body
   * should look like, and an anonymous flood costs no schema work) and before the cache (a bad request is
   * never answered from it, nor stored).
   */
  private static void mountTable(Router router, MeshClient mesh, GatewayPolicies policies, ApiContract contract,
      CacheLane.Builder lane) {
    Dispatch dispatch = new Dispatch(mesh);
    List<ApiRoute> table = new ArrayList<>();
    // vertx-web tries routes in the order they were added, matching each one's path: the catalogue,
    // a shop's busiest reads, goes first (the groups' paths do not overlap, so the order changes no answer)
    table.addAll(new ProductRoutes(dispatch).routes());
    table.addAll(new UserRoutes(dispatch).routes());
    table.addAll(new io.emporium.gateway.routes.OrderRoutes(dispatch).routes());
    table.addAll(new AuditRoutes(dispatch).routes());
    table.addAll(new io.emporium.gateway.outbox.QueueStatsRoute(mesh).routes());
    for (ApiRoute route : table) {
      Policy rateLimit = policies.rateLimit(route);
      Policy cache = policies.cache(route);
      ContractValidation validation = contract.validation(route.method(), route.path());
      List<Policy> pipeline = List.of(rateLimit, AccessCheck.policy(route.access()), validation,
          policies.idempotency(route), cache);
      router.route(route.method(), route.path()).handler(RoutePipeline.compile(pipeline, route.handler()));
      if (route.method() == HttpMethod.GET) {
        // a cached route is public (ResponseCache.policyFor), so its access check has nothing to do; its
        // contract check passed when the answer was stored under the same path (the key), and it declares
        // no header parameter (CacheLaneTest checks the document); a read the lane makes itself (a miss)
        // is checked against the contract first
        lane.add(route.path(), rateLimit, cache, route.passThrough(), validation::acceptsPlain);
      }
    }
  }

  private static void internal(RoutingContext ctx) {
    if (ctx.failure() != null) {
      LOG.error("request {} {} failed (request id {})", ctx.request().method(), ctx.request().path(),
          RequestIds.of(ctx), ctx.failure());
    }
    Problems.send(ctx, ServiceError.of(ErrorCode.INTERNAL, "internal error"));
  }
}
