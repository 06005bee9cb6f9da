package io.emporium.gateway.product;

import static io.emporium.gateway.http.ApiRoute.delete;
import static io.emporium.gateway.http.ApiRoute.get;
import static io.emporium.gateway.http.ApiRoute.post;
import static io.emporium.gateway.http.ApiRoute.put;

import io.emporium.contract.Ids;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.routes.Dispatch;
import io.emporium.gateway.routes.Replies.Shape;
import io.emporium.gateway.routes.Requests;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * HTTP routes of the product service; each becomes one mesh call. Fixed paths come before the
 * {@code :id} route they would otherwise match ({@code /api/products/featured}).
 */
public final class ProductRoutes {
  private final Dispatch dispatch;

  public ProductRoutes(Dispatch dispatch) {
    this.dispatch = dispatch;
  }

  public List<ApiRoute> routes() {
    return List.of(
        get("/api/products", Access.PUBLIC, ctx -> query(ctx, ProductAction.LIST)),
        get("/api/products/featured", Access.PUBLIC, ctx -> query(ctx, ProductAction.FEATURED)),
        get("/api/products/search/:query", Access.PUBLIC, this::search),
        get("/api/products/:id", Access.PUBLIC, ctx -> Requests.uuidParam(ctx, "id")
            .ifPresent(id -> dispatch.read(ctx, ProductAction.GET, new JsonObject().put("id", id))))
            .passingThrough(dispatch.passThrough(ProductAction.GET, "id", Ids::isUuid)),
        get("/api/categories", Access.PUBLIC, ctx -> query(ctx, ProductAction.CATEGORIES)),
        // the handler takes every slug the contract takes
        get("/api/categories/:slug", Access.PUBLIC, ctx -> dispatch.read(ctx, ProductAction.CATEGORY,
            new JsonObject().put("slug", ctx.pathParam("slug"))))
            .passingThrough(dispatch.passThrough(ProductAction.CATEGORY, "slug", slug -> true)),
        post("/api/admin/products/bulk", Access.ADMIN, ctx -> body(ctx, ProductAction.ADMIN_BULK, 200, null)),
        post("/api/admin/products", Access.ADMIN, ctx -> body(ctx, ProductAction.ADMIN_CREATE, 201,
            Shape.created(product -> "/api/products/" + product.getString("id"), true))),
        put("/api/admin/products/:id", Access.ADMIN, this::update),
        delete("/api/admin/products/:id", Access.ADMIN, this::remove),
        put("/api/admin/products/:id/featured", Access.ADMIN,
            ctx -> bodyWithId(ctx, ProductAction.ADMIN_SET_FEATURED)),
        post("/api/admin/products/:id/stock", Access.ADMIN,
            ctx -> bodyWithId(ctx, ProductAction.ADMIN_ADJUST_STOCK)),
        post("/api/admin/categories", Access.ADMIN, ctx -> body(ctx, ProductAction.ADMIN_CATEGORY_CREATE, 201,
            Shape.created(category -> "/api/categories/" + category.getString("slug"), false))),
        delete("/api/admin/categories/:slug", Access.ADMIN, ctx -> dispatch.call(ctx,
            ProductAction.ADMIN_CATEGORY_DELETE, new JsonObject().put("slug", ctx.pathParam("slug")), 204)));
  }

  private void query(RoutingContext ctx, ProductAction action) {
    ProductRequests.queryParameters(ctx).ifPresent(payload -> dispatch.call(ctx, action, payload, 200));
  }

  /** The words come from the path; the filters, order and paging from the query string. */
  private void search(RoutingContext ctx) {
    ProductRequests.queryParameters(ctx).ifPresent(payload -> {
      if (payload.containsKey("query")) {
        Problems.send(ctx, ServiceError.invalid("query", "the search words go in the path, not a query parameter"));
        return;
      }
      dispatch.call(ctx, ProductAction.SEARCH, payload.put("query", ctx.pathParam("query")), 200);
    });
  }

  private void body(RoutingContext ctx, ProductAction action, int status, Shape shape) {
    Requests.jsonObject(ctx).ifPresent(body -> dispatch.call(ctx, action, body, status, shape));
  }

  /** A change of one product: the answer is its new version, tagged for the next If-Match. */
  private void bodyWithId(RoutingContext ctx, ProductAction action) {
    Requests.uuidParam(ctx, "id").ifPresent(id -> Requests.jsonObject(ctx)
        .flatMap(body -> ProductRequests.withPathParameter(ctx, body, "id", id))
        .ifPresent(payload -> dispatch.call(ctx, action, payload, 200, Shape.version())));
  }

  /**
   * The version comes from the body or from If-Match (the ETag a GET gave, or the version as a tag,
   * e.g. {@code "3"}); without either, 428 (RFC 6585): an update must say which version it changes.
   */
  private void update(RoutingContext ctx) {
    Requests.uuidParam(ctx, "id").ifPresent(id -> Requests.jsonObject(ctx)
        .flatMap(body -> ProductRequests.withPathParameter(ctx, body, "id", id))
        .flatMap(payload -> ProductRequests.withVersion(ctx, payload))
        .flatMap(payload -> ProductRequests.versionRequired(ctx, payload))
        .ifPresent(payload -> dispatch.call(ctx, ProductAction.ADMIN_UPDATE, payload, 200, Shape.version())));
  }

  /** No body; the version (optional) from If-Match or {@code ?version=}. */
  private void remove(RoutingContext ctx) {
    Requests.uuidParam(ctx, "id").ifPresent(id -> ProductRequests.queryParameters(ctx).ifPresent(query -> {
      JsonObject payload = new JsonObject().put("id", id);
      for (String name : query.fieldNames()) {
        if (!name.equals("version")) {
          Problems.send(ctx, ServiceError.invalid(name, "unknown parameter '" + name + "'"));
          return;
        }
        String version = query.getString("version");
        if (!version.matches("[0-9]{1,18}")) {
          Problems.send(ctx, ServiceError.invalid("version", "version must be a whole number"));
          return;
        }
        payload.put("version", Long.parseLong(version));
      }
      ProductRequests.withVersion(ctx, payload)
          .ifPresent(p -> dispatch.call(ctx, ProductAction.ADMIN_DELETE, p, 204));
    }));
  }
}
