package io.emporium.product.actions;

import io.emporium.platform.service.Callers;
import io.emporium.platform.service.RequestBody;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.product.domain.ReservationItem;
import io.emporium.product.domain.ReservationRequest;
import io.emporium.product.store.ProductRepository;
import io.emporium.product.store.Recorder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Stock: the admins' adjustments, and the reservations other services make for orders. */
public final class StockActions {
  public static final int MAX_ITEMS = 100;
  public static final int MAX_QUANTITY = 1_000_000;
  public static final int MAX_TTL_SECONDS = 86_400;

  private final ProductRepository repository;
  private final int reservationTtlSeconds;
  private final int lowStockThreshold;

  public StockActions(ProductRepository repository, int reservationTtlSeconds, int lowStockThreshold) {
    this.repository = repository;
    this.reservationTtlSeconds = reservationTtlSeconds;
    this.lowStockThreshold = lowStockThreshold;
  }

  /** admin: {"id","delta"} -> the product; CONFLICT and no change when the stock would go below zero. */
  public Future<JsonObject> adjust(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), Set.of("id", "delta"));
    UUID id = body.requiredUuid("id");
    int delta = body.integer("delta", Integer.MIN_VALUE, Integer.MAX_VALUE).map(Long::intValue)
        .orElseThrow(() -> body.invalid("delta", "delta is required"));
    if (delta == 0) {
      throw body.invalid("delta", "delta must not be 0");
    }
    return repository.adjustStock(id, delta, Instant.now(), recorder(request)).map(p -> p.toJson());
  }

  /** {"reservationId","items":[{"productId","quantity"}],"ttlSeconds"?} -> the reservation. */
  public Future<JsonObject> reserve(ServiceRequest request) {
    Callers.requireServiceOrAdmin(request);
    RequestBody body = RequestBody.of(request.body(), Set.of("reservationId", "items", "ttlSeconds"));
    UUID id = body.requiredUuid("reservationId");
    JsonArray array = body.array("items").orElseThrow(() -> body.invalid("items", "items is required"));
    if (array.isEmpty() || array.size() > MAX_ITEMS) {
      throw body.invalid("items", "items must have 1 to " + MAX_ITEMS + " entries");
    }
    List<ReservationItem> items = new ArrayList<>();
    Set<UUID> products = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject raw)) {
        throw body.invalid("items[" + i + "]", "each item must be a JSON object");
      }
      RequestBody item = RequestBody.of(raw, Set.of("productId", "quantity"), "items[" + i + "].");
      UUID product = item.requiredUuid("productId");
      if (!products.add(product)) {
        throw item.invalid("productId", "each product may appear once; add up its quantities");
      }
      int quantity = item.integer("quantity", 1, MAX_QUANTITY).map(Long::intValue)
          .orElseThrow(() -> item.invalid("quantity", item.name("quantity") + " is required"));
      items.add(new ReservationItem(product, quantity));
    }
    long ttl = body.integer("ttlSeconds", 1, MAX_TTL_SECONDS).orElse((long) reservationTtlSeconds);
    Instant now = Instant.now();
    return repository.reserve(new ReservationRequest(id, items, now.plusSeconds(ttl)), now, recorder(request))
        .map(r -> r.toJson());
  }

  /** {"reservationId"} -> the reservation, confirmed. */
  public Future<JsonObject> confirm(ServiceRequest request) {
    Callers.requireServiceOrAdmin(request);
    UUID id = RequestBody.of(request.body(), Set.of("reservationId")).requiredUuid("reservationId");
    return repository.confirm(id, Instant.now(), recorder(request)).map(r -> r.toJson());
  }

  /** {"reservationId"} -> the reservation, released. */
  public Future<JsonObject> release(ServiceRequest request) {
    Callers.requireServiceOrAdmin(request);
    UUID id = RequestBody.of(request.body(), Set.of("reservationId")).requiredUuid("reservationId");
    return repository.release(id, Instant.now(), recorder(request)).map(r -> r.toJson());
  }

  /** {"reservationId"} -> the reservation, returned: the units it sold are back in stock. */
  public Future<JsonObject> returnSold(ServiceRequest request) {
    Callers.requireServiceOrAdmin(request);
    UUID id = RequestBody.of(request.body(), Set.of("reservationId")).requiredUuid("reservationId");
    return repository.returnSold(id, Instant.now(), recorder(request)).map(r -> r.toJson());
  }

  private Recorder recorder(ServiceRequest request) {
    return Recorder.of(request, lowStockThreshold);
  }
}
