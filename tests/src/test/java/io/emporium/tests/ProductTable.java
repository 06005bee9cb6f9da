package io.emporium.tests;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The product service's table {@code product.products}, reached over a real PostgreSQL connection
 * as any other tool would: the tests write rows here and read them back through the gateway.
 *
 * <p>The database is {@value #URL_ENV}, by default {@value #DEFAULT_URL} (local, trust
 * authentication; {@code tests/run.sh} creates it). There is no skip: without PostgreSQL the test
 * fails and says how to fix it.
 */
public final class ProductTable implements AutoCloseable {
  static final String URL_ENV = "EMPORIUM_TEST_PG_URL";
  static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/emporium_test";
  private static final long TIMEOUT_S = 10;

  private final Vertx vertx;
  private final Pool pool;

  private ProductTable(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public static String url() {
    return Optional.ofNullable(System.getenv(URL_ENV)).filter(u -> !u.isBlank()).orElse(DEFAULT_URL);
  }

  /** Connects and checks the database answers; fails with instructions when it does not. */
  static ProductTable connect() {
    PgConnectOptions options = PgConnectOptions.fromUri(url()).addProperty("application_name", "emporium-tests");
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(options).with(new PoolOptions().setMaxSize(1))
        .with(new NetClientOptions().setConnectTimeout(5_000)).using(vertx).build();
    ProductTable table = new ProductTable(vertx, pool);
    try {
      table.await(pool.query("SELECT 1").execute(), "SELECT 1");
    } catch (AssertionError e) {
      table.close();
      throw new AssertionError("PostgreSQL is required by this test and is not reachable at " + options.getHost()
          + ":" + options.getPort() + "/" + options.getDatabase() + " (set " + URL_ENV + ", or start PostgreSQL and"
          + " run: psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE emporium_test')", e);
    }
    return table;
  }

  /** Empties the table (the product service must have migrated its schema first). */
  void truncate() {
    await(pool.query("TRUNCATE TABLE product.products").execute(), "TRUNCATE product.products");
  }

  /** Inserts one row with every column set explicitly, so the test knows each value the service must return. */
  void insert(UUID id, String sku, String name, String description, BigDecimal price, String currency,
      String category, JsonArray tags, JsonObject attributes, int stock) {
    String sql = "INSERT INTO product.products (id, sku, name, description, price, currency, category, tags,"
        + " attributes, featured, stock, status, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, $10,"
        + " 'ACTIVE', 1)";
    Tuple row = Tuple.tuple().addUUID(id).addString(sku).addString(name).addString(description)
        .addBigDecimal(price).addString(currency).addString(category)
        .addArrayOfString(tags.stream().map(String::valueOf).toArray(String[]::new))
        .addValue(attributes).addInteger(stock);
    await(pool.preparedQuery(sql).execute(row), "INSERT INTO product.products");
  }

  private <T> T await(Future<T> future, String what) {
    try {
      return future.await(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(what + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      // Closing Vert.x closes the pool too (chaining the two would complete on a closed event loop).
      vertx.close().await(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing a test connection cannot fail a test.
    }
  }
}
