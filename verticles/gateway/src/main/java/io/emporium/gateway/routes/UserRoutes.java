package io.emporium.gateway.routes;

import static io.emporium.gateway.http.ApiRoute.delete;
import static io.emporium.gateway.http.ApiRoute.get;
import static io.emporium.gateway.http.ApiRoute.post;
import static io.emporium.gateway.http.ApiRoute.put;

import io.emporium.contract.ServiceError;
import io.emporium.contract.UserAction;
import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Problems;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The identity API: accounts, sessions, profile, and the administration of users. */
public final class UserRoutes {
  private final Dispatch dispatch;

  public UserRoutes(Dispatch dispatch) {
    this.dispatch = dispatch;
  }

  public List<ApiRoute> routes() {
    return List.of(
        // the account a registration creates is, to its owner, the profile
        post("/api/auth/register", Access.PUBLIC, ctx -> Requests.jsonObject(ctx).ifPresent(body -> dispatch.call(ctx,
            UserAction.REGISTER, body, 201, Replies.Shape.created(user -> "/api/users/profile", false)))),
        post("/api/auth/login", Access.PUBLIC, ctx -> body(ctx, UserAction.LOGIN, 200)),
        post("/api/auth/refresh", Access.PUBLIC, ctx -> body(ctx, UserAction.REFRESH, 200)),
        post("/api/auth/logout", Access.PUBLIC, ctx -> body(ctx, UserAction.LOGOUT, 204)),
        get("/api/users/profile", Access.USER,
            ctx -> dispatch.call(ctx, UserAction.PROFILE_GET, new JsonObject(), 200)),
        put("/api/users/profile", Access.USER, ctx -> body(ctx, UserAction.PROFILE_UPDATE, 200)),
        put("/api/users/password", Access.USER, ctx -> body(ctx, UserAction.PASSWORD_CHANGE, 204)),
        get("/api/admin/users/stats", Access.ADMIN, ctx -> dispatch.call(ctx, UserAction.ADMIN_STATS,
            Requests.copyQuery(ctx, new JsonObject(), "from", "to"), 200)),
        get("/api/admin/users", Access.ADMIN, this::listUsers),
        put("/api/admin/users/:id/role", Access.ADMIN, ctx -> withId(ctx, UserAction.ADMIN_SET_ROLE)),
        put("/api/admin/users/:id/status", Access.ADMIN, ctx -> withId(ctx, UserAction.ADMIN_SET_STATUS)),
        // the right to erasure: the account's personal data, not the account (its id stays in the audit trail)
        delete("/api/admin/users/:id/personal-data", Access.ADMIN, ctx -> Requests.uuidParam(ctx, "id").ifPresent(id ->
            dispatch.call(ctx, UserAction.ADMIN_ERASE, new JsonObject().put("id", id), 200))));
  }

  private void body(RoutingContext ctx, UserAction action, int status) {
    Requests.jsonObject(ctx).ifPresent(body -> dispatch.call(ctx, action, body, status));
  }

  private void withId(RoutingContext ctx, UserAction action) {
    Requests.uuidParam(ctx, "id").ifPresent(id ->
        Requests.jsonObject(ctx).ifPresent(body -> {
          if (body.containsKey("id") && !id.equals(body.getValue("id"))) {
            Problems.send(ctx, ServiceError.invalid("id", "the body's id differs from the path's"));
            return;
          }
          dispatch.call(ctx, action, body.copy().put("id", id), 200);
        }));
  }

  private void listUsers(RoutingContext ctx) {
    paging(ctx).ifPresent(page -> dispatch.call(ctx, UserAction.ADMIN_LIST,
        Requests.copyQuery(ctx, page, "role", "status"), 200));
  }

  /** page >= 1 and size 1..100 (400 beyond), as numbers for the service. */
  static Optional<JsonObject> paging(RoutingContext ctx) {
    OptionalInt page = Requests.intQuery(ctx, "page", 1, 1, 1_000_000);
    if (page.isEmpty()) {
      return Optional.empty();
    }
    OptionalInt size = Requests.intQuery(ctx, "size", 20, 1, 100);
    if (size.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new JsonObject().put("page", page.getAsInt()).put("size", size.getAsInt()));
  }
}
