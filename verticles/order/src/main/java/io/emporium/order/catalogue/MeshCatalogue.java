package io.emporium.order.catalogue;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.order.domain.Cart;
import io.emporium.platform.mesh.CallContext;
import io.emporium.platform.mesh.MeshClient;
import io.emporium.platform.security.Identity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The product service through the platform mesh (discovery, balancing, breakers, the policy's timeout on
 * every call). The order service calls as itself: {@code service:order} with the service role, signed
 * with the cluster secret by the mesh, which the stock actions require.
 */
public final class MeshCatalogue implements Catalogue {
  public static final String CALLER = "service:order";

  private final MeshClient mesh;

  public MeshCatalogue(MeshClient mesh) {
    this.mesh = mesh;
  }

  @Override
  public Future<Optional<CatalogueProduct>> product(UUID id, String requestId) {
    return call(ProductAction.GET, new JsonObject().put("id", id.toString()), requestId)
        .map(json -> Optional.of(CatalogueProduct.fromJson(json)))
        .recover(e -> ServiceError.from(e).code() == ErrorCode.NOT_FOUND ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(e));
  }

  @Override
  public Future<Hold> reserve(UUID reservationId, List<Cart.Item> items, int ttlSeconds, String requestId) {
    JsonArray lines = new JsonArray(items.stream().map(i -> new JsonObject().put("productId", i.productId().toString())
        .put("quantity", i.quantity())).toList());
    return call(ProductAction.STOCK_RESERVE, new JsonObject().put("reservationId", reservationId.toString())
        .put("items", lines).put("ttlSeconds", ttlSeconds), requestId)
        .map(r -> new Hold(r.getString("status"), Instant.parse(r.getString("expiresAt"))));
  }

  @Override
  public Future<Void> confirm(UUID reservationId, String requestId) {
    return call(ProductAction.STOCK_CONFIRM, new JsonObject().put("reservationId", reservationId.toString()), requestId)
        .mapEmpty();
  }

  @Override
  public Future<Void> release(UUID reservationId, String requestId) {
    return call(ProductAction.STOCK_RELEASE, new JsonObject().put("reservationId", reservationId.toString()), requestId)
        .mapEmpty();
  }

  @Override
  public Future<Void> returnSold(UUID reservationId, String requestId) {
    return call(ProductAction.STOCK_RETURN, new JsonObject().put("reservationId", reservationId.toString()), requestId)
        .mapEmpty();
  }

  private Future<JsonObject> call(ProductAction action, JsonObject payload, String requestId) {
    CallContext asService = CallContext.anonymous(requestId).withCaller(CALLER, Set.of(Identity.ROLE_SERVICE));
    return mesh.call(action, payload, asService);
  }
}
