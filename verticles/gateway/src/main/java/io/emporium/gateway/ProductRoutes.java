package io.emporium.gateway;

import io.emporium.platform.contract.Ids;
import io.emporium.platform.contract.ProductAction;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.mesh.MeshClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP routes of the product service; each becomes one mesh call. */
final class ProductRoutes {
  private final MeshClient mesh;

  ProductRoutes(MeshClient mesh) {
    this.mesh = mesh;
  }

  void mount(Router router) {
    router.get("/api/products/:id").handler(this::get);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Ids.isUuid(id)) {
      Problems.send(ctx, ServiceError.invalid("id", "id must be a UUID"));
      return;
    }
    mesh.call(ProductAction.GET, new JsonObject().put("id", id), CallContexts.of(ctx))
        .onSuccess(product -> Responses.json(ctx, 200, product))
        .onFailure(e -> Problems.send(ctx, ServiceError.from(e)));
  }
}
