package io.emporium.product.store;

import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.product.audit.AuditAction;
import io.emporium.product.domain.Change;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.StockMove;
import io.emporium.product.events.ProductEvents;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The product service's function from a {@link Change} to its {@link Effects}: the domain events for
 * the outbox and the audit entry (who, from where). Every store write takes one, as every write of the
 * user service takes a function from its outcome to its effects; the store applies it inside the
 * transaction (PostgreSQL) or the synchronized unit (memory) that makes the change, before writing the
 * effects with it: either all of it exists, or none.
 */
public final class Recorder implements Function<Change, Effects<AuditAction>> {
  private final Optional<UUID> actorId;
  private final Optional<String> clientIp;
  private final Optional<String> userAgent;
  private final Optional<String> requestId;
  private final int lowStockThreshold;
  private final boolean records;

  private Recorder(Optional<UUID> actorId, Optional<String> clientIp, Optional<String> userAgent,
      Optional<String> requestId, int lowStockThreshold, boolean records) {
    this.actorId = actorId;
    this.clientIp = clientIp;
    this.userAgent = userAgent;
    this.requestId = requestId;
    this.lowStockThreshold = lowStockThreshold;
    this.records = records;
  }

  /** Changes made for a caller of the bus (the gateway passes who and from where). */
  public static Recorder of(ServiceRequest request, int lowStockThreshold) {
    Optional<UUID> actor = request.callerId().flatMap(Recorder::uuid);
    return new Recorder(actor, request.clientIp(), request.userAgent(), AuditEntry.requestId(request),
        lowStockThreshold, true);
  }

  /** Changes the service makes by itself (reservation expiry, the demo catalogue): no actor. */
  public static Recorder system(int lowStockThreshold) {
    return new Recorder(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), lowStockThreshold,
        true);
  }

  /**
   * Writes neither events nor audit entries: only for the benchmark catalogue generator, which fills
   * an empty database with 100,000 products no one needs to hear about.
   */
  public static Recorder silent() {
    return new Recorder(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, false);
  }

  /** The effects of one change: its events, then its audit entry. */
  @Override
  public Effects<AuditAction> apply(Change change) {
    if (!records) {
      return Effects.none();
    }
    return new Effects<>(List.of(audit(change)), events(change));
  }

  /** The effects of the changes of one unit, in their order. */
  Effects<AuditAction> applyAll(List<Change> changes) {
    return Effects.all(changes.stream().map(this).toList());
  }

  private List<OutboxEvent> events(Change change) {
    List<OutboxEvent> events = new ArrayList<>();
    switch (change.action()) {
      case PRODUCT_CREATE -> events.add(productEvent(ProductEvents.CREATED, change.current().orElseThrow(), true));
      case PRODUCT_UPDATE -> events.add(productEvent(ProductEvents.UPDATED, change.current().orElseThrow(), true));
      case PRODUCT_DELETE -> events.add(productEvent(ProductEvents.DELETED, change.previous().orElseThrow(), false));
      case CATEGORY_CREATE, CATEGORY_DELETE -> change.category().ifPresent(c -> events.add(OutboxEvent.of(
          change.action() == AuditAction.CATEGORY_CREATE ? ProductEvents.CATEGORY_CREATED
              : ProductEvents.CATEGORY_DELETED, c.toJson())));
      default -> {
        // stock changes only: below
      }
    }
    for (StockMove move : change.stockMoves()) {
      events.add(OutboxEvent.of(ProductEvents.STOCK_CHANGED, stockChanged(move, change)));
      if (move.before() > lowStockThreshold && move.after().stock() <= lowStockThreshold) {
        events.add(OutboxEvent.of(ProductEvents.STOCK_LOW, new JsonObject()
            .put("productId", move.after().id().toString())
            .put("sku", move.after().sku())
            .put("stock", move.after().stock())
            .put("threshold", lowStockThreshold)));
      }
    }
    return events;
  }

  private AuditEntry<AuditAction> audit(Change change) {
    return new AuditEntry<>(actorId, change.action(), Optional.of(change.targetId()), clientIp, userAgent, requestId,
        AuditEntry.Outcome.SUCCESS, change.before(), change.after(), change.details());
  }

  private static OutboxEvent productEvent(String type, Product product, boolean withBody) {
    JsonObject payload = new JsonObject()
        .put("id", product.id().toString())
        .put("sku", product.sku())
        .put("version", product.version());
    if (withBody) {
      payload.put("product", product.toJson());
    }
    return OutboxEvent.of(type, payload);
  }

  private static JsonObject stockChanged(StockMove move, Change change) {
    JsonObject payload = new JsonObject()
        .put("productId", move.after().id().toString())
        .put("sku", move.after().sku())
        .put("stock", move.after().stock())
        .put("previousStock", move.before())
        .put("delta", move.delta())
        .put("version", move.after().version())
        .put("reason", change.reason());
    change.reservation().ifPresent(r -> payload.put("reservationId", r.id().toString()));
    return payload;
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}
