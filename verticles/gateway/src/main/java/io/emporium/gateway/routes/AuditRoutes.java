package io.emporium.gateway.routes;

import static io.emporium.gateway.http.ApiRoute.get;

import io.emporium.contract.Action;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.contract.UserAction;
import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Problems;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/admin/audit}: each service keeps the audit log of what it owns, so the
 * {@code entity} parameter picks the service — {@code user} (the default: security events) or
 * {@code product} (catalogue changes with before and after).
 */
public final class AuditRoutes {
  private final Dispatch dispatch;

  public AuditRoutes(Dispatch dispatch) {
    this.dispatch = dispatch;
  }

  public List<ApiRoute> routes() {
    return List.of(get("/api/admin/audit", Access.ADMIN, this::audit));
  }

  private void audit(RoutingContext ctx) {
    String entity = ctx.queryParams().get("entity");
    Action action;
    if (entity == null || entity.equals("user")) {
      action = UserAction.ADMIN_AUDIT;
    } else if (entity.equals("product")) {
      action = ProductAction.ADMIN_AUDIT;
    } else {
      Problems.send(ctx, ServiceError.invalid("entity", "entity must be user or product"));
      return;
    }
    UserRoutes.paging(ctx).ifPresent(page -> dispatch.call(ctx, action,
        Requests.copyQuery(ctx, page, "actor", "action", "target", "from", "to"), 200));
  }
}
