package io.emporium.tests.healing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/** The test database the product JVMs share, read directly to check what was written. */
final class Database implements AutoCloseable {
  static final String URL = Optional.ofNullable(System.getenv("EMPORIUM_TEST_PG_URL"))
      .orElse("postgresql://postgres:emporium@127.0.0.1:5432/emporium_test");

  private final Vertx vertx;
  private final Pool pool;

  private Database(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  static Database connect() {
    return connect(URL);
  }

  static Database connect(String url) {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).with(new PoolOptions().setMaxSize(2))
        .using(vertx).build();
    return new Database(vertx, pool);
  }

  /** A product inserted behind the service's back (the schema exists once a product JVM started). */
  String insertProduct(int stock) {
    UUID id = UUID.randomUUID();
    pool.preparedQuery("INSERT INTO product.products (id, sku, name, description, price, currency, category, tags,"
            + " attributes, featured, stock, status, version) VALUES ($1, $2, 'Healing cup', 'Self-healing test', $3,"
            + " 'EUR', 'kitchen', $4, $5, false, $6, 'ACTIVE', 1)")
        .execute(Tuple.tuple().addUUID(id).addString("HEAL-" + id.toString().substring(0, 8))
            .addBigDecimal(new BigDecimal("4.50")).addArrayOfString(new String[] {"cup"}).addValue(new JsonObject())
            .addInteger(stock))
        .await();
    return id.toString();
  }

  /** Sets the stock behind the service's back: no event tells any cache. */
  void setStock(String productId, long stock) {
    pool.preparedQuery("UPDATE product.products SET stock = $2 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(productId), stock)).await();
  }

  long stock(String productId) {
    return pool.preparedQuery("SELECT stock FROM product.products WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(productId))).await().iterator().next().getLong(0);
  }

  /** Stock adjustments recorded in the audit log, written in the same transaction as the change. */
  long stockAdjustments(String productId) {
    return pool.preparedQuery("SELECT count(*) FROM product.audit_log WHERE target_id = $1 AND action = 'STOCK_ADJUST'")
        .execute(Tuple.of(productId)).await().iterator().next().getLong(0);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
