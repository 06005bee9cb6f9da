package io.emporium.gateway.routes;

import static io.emporium.gateway.http.ApiRoute.delete;
import static io.emporium.gateway.http.ApiRoute.get;
import static io.emporium.gateway.http.ApiRoute.post;
import static io.emporium.gateway.http.ApiRoute.put;

import io.emporium.contract.OrderAction;
import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/** The cart, checkout and orders of the signed-in user, and the administration of orders. */
public final class OrderRoutes {
  /** The header that makes a checkout safe to repeat (draft-ietf-httpapi-idempotency-key-header). */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_KEY_LENGTH = 255;

  private final Dispatch dispatch;

  public OrderRoutes(Dispatch dispatch) {
    this.dispatch = dispatch;
  }

  public List<ApiRoute> routes() {
    return List.of(
        get("/api/cart", Access.USER, ctx -> dispatch.call(ctx, OrderAction.CART_GET, new JsonObject(), 200)),
        put("/api/cart/items/:productId", Access.USER, this::setCartItem),
        delete("/api/cart", Access.USER, ctx -> dispatch.call(ctx, OrderAction.CART_CLEAR, new JsonObject(), 204)),
        post("/api/orders", Access.USER, this::place),
        get("/api/orders", Access.USER, ctx -> UserRoutes.paging(ctx)
            .ifPresent(page -> dispatch.call(ctx, OrderAction.LIST, page, 200))),
        get("/api/orders/:id", Access.USER, ctx -> byId(ctx, OrderAction.GET)),
        post("/api/orders/:id/cancel", Access.USER, ctx -> byId(ctx, OrderAction.CANCEL)),
        get("/api/admin/orders", Access.ADMIN, this::adminList),
        post("/api/admin/orders/:id/paid", Access.ADMIN, ctx -> byId(ctx, OrderAction.ADMIN_PAID)),
        post("/api/admin/orders/:id/shipped", Access.ADMIN, ctx -> byId(ctx, OrderAction.ADMIN_SHIPPED)),
        post("/api/admin/orders/:id/delivered", Access.ADMIN, ctx -> byId(ctx, OrderAction.ADMIN_DELIVERED)));
  }

  private void byId(RoutingContext ctx, OrderAction action) {
    Requests.uuidParam(ctx, "id").ifPresent(id -> dispatch.call(ctx, action, new JsonObject().put("id", id), 200));
  }

  private void setCartItem(RoutingContext ctx) {
    Requests.uuidParam(ctx, "productId").ifPresent(product -> Requests.jsonObject(ctx).ifPresent(body -> {
      if (body.containsKey("productId") && !product.equals(body.getValue("productId"))) {
        Problems.send(ctx, ServiceError.invalid("productId", "the body's productId differs from the path's"));
        return;
      }
      dispatch.call(ctx, OrderAction.CART_SET_ITEM, body.copy().put("productId", product), 200);
    }));
  }

  /**
   * Checkout: the Idempotency-Key header is required (400 IDEMPOTENCY_KEY_REQUIRED naming it); the body is
   * optional (none, or {}, orders the cart). 201 with the order and its Location, for a retry too.
   */
  private void place(RoutingContext ctx) {
    String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
    if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      Problems.send(ctx, 400, "IDEMPOTENCY_KEY_REQUIRED", "a checkout needs an " + IDEMPOTENCY_KEY + " header of 1 to "
          + MAX_KEY_LENGTH + " visible ASCII characters, new for each order (a retry sends the same one)",
          IDEMPOTENCY_KEY);
      return;
    }
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    Optional<JsonObject> body = raw == null || raw.length() == 0 ? Optional.of(new JsonObject())
        : Requests.jsonObject(ctx);
    body.ifPresent(payload -> dispatch.call(ctx, OrderAction.PLACE, payload.copy().put("idempotencyKey", key), 201,
        Replies.Shape.created(order -> "/api/orders/" + order.getString("id"), false),
        error -> "idempotencyKey".equals(error.field())
            ? new ServiceError(error.code(), error.message(), IDEMPOTENCY_KEY) : error));
  }

  private void adminList(RoutingContext ctx) {
    UserRoutes.paging(ctx).ifPresent(page -> {
      JsonObject payload = Requests.copyQuery(ctx, page, "state", "from", "to");
      String user = ctx.queryParams().get("user");
      if (user != null) {
        payload.put("userId", user);
      }
      dispatch.call(ctx, OrderAction.ADMIN_LIST, payload, 200, null,
          error -> "userId".equals(error.field()) ? new ServiceError(error.code(), error.message(), "user") : error);
    });
  }
}
