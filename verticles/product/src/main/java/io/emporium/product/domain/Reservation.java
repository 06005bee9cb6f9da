package io.emporium.product.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Stock held for a caller (an order being placed), by the caller's id. */
public record Reservation(UUID id, ReservationStatus status, List<ReservationItem> items, Instant expiresAt,
    Instant createdAt, Instant updatedAt) {

  public Reservation {
    items = List.copyOf(items);
  }

  public Reservation withStatus(ReservationStatus next, Instant now) {
    return new Reservation(id, next, items, expiresAt, createdAt, now);
  }

  /** The reply of the reservation actions. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("reservationId", id.toString())
        .put("status", status.wireName())
        .put("items", new JsonArray(items.stream().map(ReservationItem::toJson).toList()))
        .put("expiresAt", expiresAt.toString())
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }

  /** The stored form of the items (a JSON array of {"productId","quantity"}). */
  public static JsonArray itemsJson(List<ReservationItem> items) {
    return new JsonArray(items.stream().map(ReservationItem::toJson).toList());
  }

  public static List<ReservationItem> itemsFrom(JsonArray json) {
    return json.stream().map(o -> (JsonObject) o)
        .map(i -> new ReservationItem(UUID.fromString(i.getString("productId")), i.getInteger("quantity")))
        .toList();
  }
}
