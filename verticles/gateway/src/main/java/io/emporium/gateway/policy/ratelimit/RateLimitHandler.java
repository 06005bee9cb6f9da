package io.emporium.gateway.policy.ratelimit;

import io.emporium.gateway.ClientAddresses;
import io.emporium.gateway.Problems;
import io.emporium.gateway.routes.ApiRoute;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.config.RateLimitPolicies.Bucket;
import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.Identity;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.http.PreparedHeaders;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The rate-limit policy of one route: takes a token from each bucket of the route's group (counted
 * per client address, per user, or per route) and answers 429 with Retry-After when one is empty.
 * Every answer of a limited route carries the RateLimit headers of the binding bucket.
 */
public final class RateLimitHandler implements Policy {
  public static final String LIMITED_KEY = "emporium.rateLimited";
  private final RateLimiter limiter;
  private final String group;
  private final String routeId;
  private final String routeTemplate;

  public RateLimitHandler(RateLimiter limiter, ApiRoute route) {
    this.limiter = limiter;
    this.group = RouteGroup.of(route);
    this.routeId = route.method().name() + " " + route.path();
    this.routeTemplate = route.path();
  }

  @Override
  public void apply(RoutingContext ctx, Handler<RoutingContext> next) {
    if (!limiter.enabled()) {
      next.handle(ctx);
      return;
    }
    List<Bucket> buckets = limiter.policies().bucketsOf(group);
    BucketKey[] keys = new BucketKey[buckets.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(ctx, buckets.get(i));
    }
    limiter.check(List.of(keys)).onComplete(result -> {
      Decision decision = result.succeeded() ? result.result() : Decision.UNLIMITED;
      if (decision.limited()) {
        headers(ctx.response(), decision);
      }
      if (decision.allowed()) {
        next.handle(ctx);
      } else {
        ctx.put(LIMITED_KEY, true);
        EmporiumMetrics.of(ctx.vertx()).rateLimited(routeTemplate);
        ctx.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        Problems.send(ctx, ErrorCode.RATE_LIMITED.httpStatus(), ErrorCode.RATE_LIMITED.name(),
            "too many requests (policy '" + decision.policy() + "'); retry after " + decision.retryAfterSeconds()
                + " seconds", null);
      }
    });
  }

  private BucketKey key(RoutingContext ctx, Bucket bucket) {
    return switch (bucket.key()) {
      case IP -> BucketKey.of(bucket, "ip=" + clientAddress(ctx));
      case USER -> BucketKey.of(bucket, Authentication.identity(ctx).map(Identity::userId)
          .map(id -> "user=" + id).orElseGet(() -> "ip=" + clientAddress(ctx)));
      case ROUTE -> BucketKey.of(bucket, "route=" + routeId);
    };
  }

  private static String clientAddress(RoutingContext ctx) {
    String client = ClientAddresses.of(ctx);
    return client == null ? "unknown" : client;
  }

  private static void headers(HttpServerResponse response, Decision decision) {
    response.putHeader(PreparedHeaders.RATELIMIT_LIMIT, Integer.toString(decision.limit()))
        .putHeader(PreparedHeaders.RATELIMIT_REMAINING, Long.toString(decision.remaining()))
        .putHeader(PreparedHeaders.RATELIMIT_RESET, Long.toString(decision.resetSeconds()))
        .putHeader(PreparedHeaders.RATELIMIT_POLICY, decision.limit() + ";policy=\"" + decision.policy() + "\"");
  }
}
