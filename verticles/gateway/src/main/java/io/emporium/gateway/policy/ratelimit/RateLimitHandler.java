package io.emporium.gateway.policy.ratelimit;

import io.emporium.contract.ErrorCode;
import io.emporium.gateway.config.RateLimitPolicies.Bucket;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.ClientAddresses;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.http.PreparedHeaders;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.Identity;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
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
  /** Requests refused by the rate limiter, by route template (Micrometer name: Prometheus adds _total). */
  static final String RATE_LIMITED = "emporium.rate.limited";
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

  /** Whether this route counts requests at all (the limiter may be off). */
  public boolean enabled() {
    return limiter.enabled();
  }

  @Override
  public void apply(RoutingContext ctx, Handler<RoutingContext> next) {
    if (!limiter.enabled()) {
      next.handle(ctx);
      return;
    }
    check(ClientAddresses.of(ctx), Authentication.identity(ctx).map(Identity::userId).orElse(null))
        .onComplete(result -> {
          Decision decision = decided(result, ctx.response());
          if (decision.allowed()) {
            next.handle(ctx);
          } else {
            ctx.put(LIMITED_KEY, true);
            Problems.send(ctx, ErrorCode.RATE_LIMITED.httpStatus(), ErrorCode.RATE_LIMITED.name(),
                refused(ctx.vertx(), ctx.response(), decision), null);
          }
        });
  }

  /**
   * Takes a token from each bucket of the route's group for this caller.
   *
   * @param client the client's address (null when unknown)
   * @param userId the signed-in caller, or null when anonymous
   */
  public Future<Decision> check(String client, String userId) {
    List<Bucket> buckets = limiter.policies().bucketsOf(group);
    BucketKey[] keys = new BucketKey[buckets.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(buckets.get(i), client == null ? "unknown" : client, userId);
    }
    return limiter.check(List.of(keys));
  }

  /** The decision of a completed check (a failed check lets the request go), its headers on the response. */
  public static Decision decided(AsyncResult<Decision> result, HttpServerResponse response) {
    Decision decision = result.succeeded() ? result.result() : Decision.UNLIMITED;
    if (decision.limited()) {
      headers(response, decision);
    }
    return decision;
  }

  /** Counts a refusal and sets its Retry-After; answers the detail of its 429 problem. */
  public String refused(Vertx vertx, HttpServerResponse response, Decision decision) {
    EmporiumMetrics.of(vertx).count(RATE_LIMITED, "Requests refused by the rate limiter, by route template", "route",
        routeTemplate);
    response.putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
    return "too many requests (policy '" + decision.policy() + "'); retry after " + decision.retryAfterSeconds()
        + " seconds";
  }

  private BucketKey key(Bucket bucket, String client, String userId) {
    return switch (bucket.key()) {
      case IP -> BucketKey.of(bucket, "ip=" + client);
      case USER -> BucketKey.of(bucket, userId != null ? "user=" + userId : "ip=" + client);
      case ROUTE -> BucketKey.of(bucket, "route=" + routeId);
    };
  }

  private static void headers(HttpServerResponse response, Decision decision) {
    response.putHeader(PreparedHeaders.RATELIMIT_LIMIT, Integer.toString(decision.limit()))
        .putHeader(PreparedHeaders.RATELIMIT_REMAINING, Long.toString(decision.remaining()))
        .putHeader(PreparedHeaders.RATELIMIT_RESET, Long.toString(decision.resetSeconds()))
        .putHeader(PreparedHeaders.RATELIMIT_POLICY, decision.limit() + ";policy=\"" + decision.policy() + "\"");
  }
}
