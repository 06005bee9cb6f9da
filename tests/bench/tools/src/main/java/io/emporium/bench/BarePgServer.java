package io.emporium.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Benchmark ceiling: a bare vertx-pg-client server: {@code GET /products/{id}} runs the same
 * primary-key query the product service runs and answers the row as JSON, with no gateway, bus,
 * mesh or service in between.
 *
 * <pre>java -cp emporium-bench.jar io.emporium.bench.BarePgServer PORT PG_URL POOL_SIZE</pre>
 */
public final class BarePgServer {
  private static final String QUERY = "SELECT id, sku, name, description, price, currency, category, tags,"
      + " attributes, featured, stock, status, version, created_at, updated_at FROM product.products WHERE id = $1";

  private BarePgServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(Integer.parseInt(args[2])))
        .connectingTo(PgConnectOptions.fromUri(args[1]).setCachePreparedStatements(true)).using(vertx).build();
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < loops; i++) {
      vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1")).requestHandler(request -> {
        String id = request.path().substring(request.path().lastIndexOf('/') + 1);
        pool.preparedQuery(QUERY).execute(Tuple.of(UUID.fromString(id))).onComplete(result -> {
          if (result.failed() || result.result().size() == 0) {
            request.response().setStatusCode(result.failed() ? 500 : 404).end();
            return;
          }
          request.response().putHeader("Content-Type", "application/json").end(json(result.result().iterator().next())
              .toBuffer());
        });
      }).listen().await();
    }
    System.out.println("bare pg server on 127.0.0.1:" + port);
  }

  private static JsonObject json(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("sku", row.getString("sku"))
        .put("name", row.getString("name")).put("description", row.getString("description"))
        .put("price", new JsonObject().put("amount", row.getBigDecimal("price").toPlainString())
            .put("currency", row.getString("currency")))
        .put("category", row.getString("category"))
        .put("tags", new JsonArray(java.util.Arrays.asList(row.getArrayOfStrings("tags"))))
        .put("attributes", row.getJsonObject("attributes")).put("featured", row.getBoolean("featured"))
        .put("stock", row.getInteger("stock")).put("status", row.getString("status").toLowerCase())
        .put("version", row.getLong("version")).put("createdAt", row.getOffsetDateTime("created_at").toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toString());
  }
}
