package io.emporium.gateway.security;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.http.Problems;
import io.emporium.platform.security.Identity;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** 401 without a verified identity, 403 with the wrong role; the route's handler runs only after this. */
public final class AccessCheck implements Policy {
  private final Access access;

  private AccessCheck(Access access) {
    this.access = access;
  }

  /** As a router handler of its own, for routes outside the route table. */
  public static Handler<RoutingContext> of(Access access) {
    return policy(access).asHandler();
  }

  /** Nothing to check on a public route. */
  public static Policy policy(Access access) {
    return access == Access.PUBLIC ? Policy.NONE : new AccessCheck(access);
  }

  @Override
  public void apply(RoutingContext ctx, Handler<RoutingContext> next) {
    Optional<Identity> identity = Authentication.identity(ctx);
    if (identity.isEmpty()) {
      Problems.send(ctx, ServiceError.of(ErrorCode.UNAUTHORIZED, "a valid access token is required"));
    } else if (access == Access.ADMIN && !identity.get().hasRole(Identity.ROLE_ADMIN)) {
      Problems.send(ctx, ServiceError.of(ErrorCode.FORBIDDEN, "this route is for administrators"));
    } else {
      next.handle(ctx);
    }
  }
}
