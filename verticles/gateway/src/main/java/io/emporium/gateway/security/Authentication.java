package io.emporium.gateway.security;

import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.http.Problems;
import io.emporium.platform.security.AccessTokens;
import io.emporium.platform.security.Identity;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Verifies the bearer token once per request and keeps the identity for the route's access check.
 * Identity comes only from a verified token: identity-looking headers a client sends are dropped.
 * A request without a token goes on anonymous; one with a bad token stops here with 401.
 */
public final class Authentication implements Handler<RoutingContext>, Policy {
  private static final String IDENTITY = "emporium.identity";
  /** Headers some gateways trust for identity; a client must never be able to set them here. */
  private static final List<CharSequence> SPOOFABLE = Stream.of("X-User-Id", "X-User-Roles", "X-Caller-Id",
      "X-Caller-Roles", "X-Forwarded-User", "X-Authenticated-User", "X-Emporium-Identity")
      // names prepared once (hash computed) rather than hashed again at each removal of each request
      .map(HttpHeaders::createOptimized).toList();
  private static final String BEARER = "Bearer ";

  private final AccessTokens tokens;

  public Authentication(AccessTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx, RoutingContext::next);
  }

  @Override
  public void apply(RoutingContext ctx, Handler<RoutingContext> next) {
    SPOOFABLE.forEach(ctx.request().headers()::remove);
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      next.handle(ctx);
      return;
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      Problems.send(ctx, ServiceError.of(io.emporium.contract.ErrorCode.UNAUTHORIZED,
          "the Authorization header must be 'Bearer <access token>'"));
      return;
    }
    tokens.verify(authorization.substring(BEARER.length()).trim())
        .onSuccess(identity -> {
          ctx.put(IDENTITY, identity);
          next.handle(ctx);
        })
        .onFailure(e -> Problems.send(ctx, ServiceError.from(e)));
  }

  public static Optional<Identity> identity(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(IDENTITY));
  }
}
