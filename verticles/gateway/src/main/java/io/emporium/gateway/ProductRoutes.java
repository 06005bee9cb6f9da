package io.emporium.gateway;

import io.emporium.gateway.routes.ApiRoute;
import io.emporium.gateway.routes.Dispatch;
import io.emporium.gateway.routes.Requests;
import io.emporium.gateway.security.Access;
import io.emporium.platform.contract.ProductAction;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** HTTP routes of the product service; each becomes one mesh call. */
final class ProductRoutes {
  private final Dispatch dispatch;

  ProductRoutes(Dispatch dispatch) {
    this.dispatch = dispatch;
  }

  List<ApiRoute> routes() {
    return List.of(ApiRoute.get("/api/products/:id", Access.PUBLIC, ctx -> Requests.uuidParam(ctx, "id")
        .ifPresent(id -> dispatch.call(ctx, ProductAction.GET, new JsonObject().put("id", id), 200))));
  }
}
