package io.emporium.product;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.persistence.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Products in PostgreSQL (schema {@code product}); every value is bound, never concatenated. */
public final class PgProductRepository implements ProductRepository {
  private static final String COLUMNS = "id, sku, name, description, price, currency, category, tags, attributes,"
      + " featured, stock, status, version, created_at, updated_at";

  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMs;

  public PgProductRepository(Vertx vertx, Pool pool, long timeoutMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Optional<Product>> findById(UUID id) {
    return run("product.findById",
        pool.preparedQuery("SELECT " + COLUMNS + " FROM product.products WHERE id = $1").execute(Tuple.of(id)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toProduct(rows.iterator().next())));
  }

  @Override
  public Future<Product> create(NewProduct p) {
    String sql = "INSERT INTO product.products (id, sku, name, description, price, currency, category, tags,"
        + " attributes, featured, stock) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING " + COLUMNS;
    Tuple params = Tuple.tuple()
        .addUUID(UUID.randomUUID()).addString(p.sku()).addString(p.name()).addString(p.description())
        .addBigDecimal(p.price()).addString(p.currency()).addString(p.category())
        .addArrayOfString(p.tags().toArray(String[]::new)).addValue(p.attributes())
        .addBoolean(p.featured()).addInteger(p.stock());
    return run("product.create", pool.preparedQuery(sql).execute(params))
        .map(rows -> toProduct(rows.iterator().next()));
  }

  @Override
  public Future<Void> ping() {
    return run("product.ping", pool.query("SELECT 1").execute()).mapEmpty();
  }

  @Override
  public String kind() {
    return "postgres";
  }

  private Future<RowSet<Row>> run(String operation, Future<RowSet<Row>> query) {
    return Deadlines.within(vertx, query, timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "sku"));
  }

  private static Product toProduct(Row row) {
    String[] tags = row.getArrayOfStrings("tags");
    Object attributes = row.getValue("attributes");
    return new Product(
        row.getUUID("id"), row.getString("sku"), row.getString("name"), row.getString("description"),
        row.getBigDecimal("price"), row.getString("currency").trim(), row.getString("category"),
        tags == null ? List.of() : Arrays.asList(tags),
        attributes instanceof JsonObject json ? json : new JsonObject(),
        row.getBoolean("featured"), row.getInteger("stock"), Product.Status.valueOf(row.getString("status")),
        row.getLong("version"),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant());
  }
}
