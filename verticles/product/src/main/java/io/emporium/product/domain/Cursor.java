package io.emporium.product.domain;

import io.emporium.contract.Ids;
import io.emporium.contract.ServiceError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a listing stopped: the sort key of the last product returned and its id, plus a fingerprint
 * of the query, so a cursor cannot be replayed against other filters or another order. Opaque to
 * clients (base64url of a small JSON document); everything in it is checked again when it comes back.
 */
public record Cursor(String fingerprint, SortKey key) {
  static final int MAX_TEXT = 2_048;

  /** The last row's position in the tuple order of its sort (see {@link Sort}). */
  public record SortKey(BigDecimal price, String nameKey, Instant createdAt, int rank, UUID id) {}

  public String encode() {
    JsonArray k = new JsonArray()
        .add(key.price() == null ? null : key.price().toPlainString())
        .add(key.nameKey())
        .add(key.createdAt() == null ? null : key.createdAt().toString())
        .add(key.rank())
        .add(key.id().toString());
    JsonObject doc = new JsonObject().put("f", fingerprint).put("k", k);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(doc.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a cursor a client sent back; anything malformed is VALIDATION on {@code cursor}. */
  public static Cursor decode(String text, String expectedFingerprint) {
    if (text.isEmpty() || text.length() > MAX_TEXT) {
      throw invalid();
    }
    try {
      JsonObject doc = new JsonObject(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8));
      if (!(doc.getValue("f") instanceof String fingerprint) || !(doc.getValue("k") instanceof JsonArray k)
          || k.size() != 5) {
        throw invalid();
      }
      if (!fingerprint.equals(expectedFingerprint)) {
        throw ServiceError.invalid("cursor", "the cursor belongs to another query (other filters or order)")
            .toException();
      }
      BigDecimal price = k.getValue(0) == null ? null : new BigDecimal(text(k.getValue(0)));
      String nameKey = k.getValue(1) == null ? null : text(k.getValue(1));
      Instant createdAt = k.getValue(2) == null ? null : Instant.parse(text(k.getValue(2)));
      if (!(k.getValue(3) instanceof Integer rank)) {
        throw invalid();
      }
      String id = text(k.getValue(4));
      if (!Ids.isUuid(id)) {
        throw invalid();
      }
      return new Cursor(fingerprint, new SortKey(price, nameKey, createdAt, rank, UUID.fromString(id)));
    } catch (IllegalArgumentException | DecodeException | ClassCastException | DateTimeParseException e) {
      throw invalid();
    }
  }

  private static String text(Object value) {
    if (!(value instanceof String s) || s.length() > MAX_TEXT) {
      throw invalid();
    }
    return s;
  }

  private static RuntimeException invalid() {
    return ServiceError.invalid("cursor", "cursor is not a cursor this service issued").toException();
  }
}
