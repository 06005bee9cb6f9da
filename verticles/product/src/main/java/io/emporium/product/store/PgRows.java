package io.emporium.product.store;

import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.product.audit.AuditAction;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.Reservation;
import io.emporium.product.domain.ReservationStatus;
import io.emporium.product.domain.SearchText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Rows of the product schema to values and back. */
final class PgRows {
  static final String PRODUCT_COLUMNS = "id, sku, name, description, price, currency, category, tags, attributes,"
      + " featured, stock, status, version, created_at, updated_at";
  static final String RESERVATION_COLUMNS = "id, status, items, expires_at, created_at, updated_at";
  static final String AUDIT_COLUMNS = "id, at, actor_id, action, target_id, client_ip, user_agent, request_id, before,"
      + " after, details";

  private PgRows() {}

  /** The product columns with a table alias: "p.id, p.sku, ...". */
  static String productColumns(String alias) {
    return Arrays.stream(PRODUCT_COLUMNS.split(",\\s*")).map(c -> alias + "." + c)
        .reduce((a, b) -> a + ", " + b).orElseThrow();
  }

  static Product product(Row row) {
    String[] tags = row.getArrayOfStrings("tags");
    Object attributes = row.getValue("attributes");
    return new Product(
        row.getUUID("id"), row.getString("sku"), row.getString("name"), row.getString("description"),
        row.getBigDecimal("price"), row.getString("currency").trim(), row.getString("category"),
        tags == null ? List.of() : Arrays.asList(tags),
        attributes instanceof JsonObject json ? json : new JsonObject(),
        row.getBoolean("featured"), row.getInteger("stock"), Product.Status.valueOf(row.getString("status")),
        row.getLong("version"), instant(row, "created_at"), instant(row, "updated_at"));
  }

  /** Every stored column of a product, in the order of {@link #WRITE_COLUMNS}. */
  static final String WRITE_COLUMNS = "id, sku, name, description, price, currency, category, tags, attributes,"
      + " featured, stock, status, version, created_at, updated_at, search_name, search_tags, search_description";

  static Tuple writeTuple(Product p) {
    return Tuple.tuple()
        .addUUID(p.id()).addString(p.sku()).addString(p.name()).addString(p.description())
        .addBigDecimal(p.price()).addString(p.currency()).addString(p.category())
        .addArrayOfString(p.tags().toArray(String[]::new)).addValue(p.attributes())
        .addBoolean(p.featured()).addInteger(p.stock()).addString(p.status().name()).addLong(p.version())
        .addOffsetDateTime(utc(p.createdAt())).addOffsetDateTime(utc(p.updatedAt()))
        .addString(SearchText.joined(p.name())).addString(SearchText.joined(p.tags()))
        .addString(SearchText.joined(p.description()));
  }

  static Reservation reservation(Row row) {
    Object items = row.getValue("items");
    JsonArray array = items instanceof JsonArray a ? a : new JsonArray(String.valueOf(items));
    return new Reservation(row.getUUID("id"), ReservationStatus.valueOf(row.getString("status")),
        Reservation.itemsFrom(array), instant(row, "expires_at"), instant(row, "created_at"),
        instant(row, "updated_at"));
  }

  static AuditRecord<AuditAction> audit(Row row) {
    AuditEntry<AuditAction> entry = new AuditEntry<>(Optional.ofNullable(row.getUUID("actor_id")),
        AuditAction.fromName(row.getString("action")).orElseThrow(), Optional.ofNullable(row.getString("target_id")),
        Optional.ofNullable(row.getString("client_ip")), Optional.ofNullable(row.getString("user_agent")),
        Optional.ofNullable(row.getString("request_id")), AuditEntry.Outcome.SUCCESS, json(row.getValue("before")),
        json(row.getValue("after")), json(row.getValue("details")));
    return new AuditRecord<>(row.getLong("id"), instant(row, "at"), entry);
  }

  static Tuple auditTuple(AuditEntry<AuditAction> e, Instant at) {
    return Tuple.tuple()
        .addOffsetDateTime(utc(at)).addUUID(e.actorId().orElse(null)).addString(e.action().name())
        .addString(e.targetId().orElseThrow()).addString(e.clientIp().orElse(null))
        .addString(e.userAgent().orElse(null)).addString(e.requestId().orElse(null))
        .addValue(e.before()).addValue(e.after()).addValue(e.details());
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Row row, String column) {
    return row.getOffsetDateTime(column).toInstant();
  }

  private static JsonObject json(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof JsonObject json ? json : new JsonObject(String.valueOf(value));
  }
}
