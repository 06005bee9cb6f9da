package io.emporium.gateway.security;

import io.emporium.gateway.Problems;
import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.security.Identity;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** 401 without a verified identity, 403 with the wrong role; the route's handler runs only after this. */
public final class AccessCheck implements Handler<RoutingContext> {
  private final Access access;

  private AccessCheck(Access access) {
    this.access = access;
  }

  public static Handler<RoutingContext> of(Access access) {
    return new AccessCheck(access);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (access == Access.PUBLIC) {
      ctx.next();
      return;
    }
    Optional<Identity> identity = Authentication.identity(ctx);
    if (identity.isEmpty()) {
      Problems.send(ctx, ServiceError.of(ErrorCode.UNAUTHORIZED, "a valid access token is required"));
    } else if (access == Access.ADMIN && !identity.get().hasRole(Identity.ROLE_ADMIN)) {
      Problems.send(ctx, ServiceError.of(ErrorCode.FORBIDDEN, "this route is for administrators"));
    } else {
      ctx.next();
    }
  }
}
