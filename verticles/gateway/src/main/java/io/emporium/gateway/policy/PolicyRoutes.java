package io.emporium.gateway.policy;

import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.routes.Requests;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;

/**
 * The gateway's own admin routes: read and change the rate-limit policies at run time (cluster-wide),
 * and the gateway's statistics.
 */
public final class PolicyRoutes {
  public static final String RATE_LIMITS_PATH = "/api/admin/gateway/rate-limits";
  public static final String CACHE_STATS_PATH = "/api/cache/stats";
  public static final String GATEWAY_STATS_PATH = "/api/gateway/stats";

  private final GatewayPolicies policies;

  public PolicyRoutes(GatewayPolicies policies) {
    this.policies = policies;
  }

  /** @param validation the API contract's check of a route (method, path), run after the admin check */
  public void mount(Router router, Handler<RoutingContext> adminOnly,
      BiFunction<HttpMethod, String, Handler<RoutingContext>> validation) {
    router.get(RATE_LIMITS_PATH).handler(adminOnly).handler(validation.apply(HttpMethod.GET, RATE_LIMITS_PATH))
        .handler(ctx -> json(ctx, policies.rateLimits().current().put("stats", policies.rateLimiter().stats())));
    router.get(GATEWAY_STATS_PATH).handler(adminOnly).handler(validation.apply(HttpMethod.GET, GATEWAY_STATS_PATH))
        .handler(ctx -> json(ctx, policies.stats().toJson().put("rateLimit", policies.rateLimiter().stats())
            .put("cache", policies.responseCache().stats())));
    router.get(CACHE_STATS_PATH).handler(adminOnly).handler(validation.apply(HttpMethod.GET, CACHE_STATS_PATH))
        .handler(ctx -> json(ctx, policies.responseCache().stats()));
    router.put(RATE_LIMITS_PATH).handler(adminOnly).handler(validation.apply(HttpMethod.PUT, RATE_LIMITS_PATH))
        .handler(ctx -> Requests.jsonObject(ctx)
            .ifPresent(document -> policies.rateLimits().change(document)
                .onSuccess(revision -> json(ctx, revision))
                .onFailure(e -> Problems.send(ctx, ServiceError.from(e)))));
  }

  static void json(RoutingContext ctx, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.toBuffer());
  }
}
