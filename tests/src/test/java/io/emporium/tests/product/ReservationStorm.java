package io.emporium.tests.product;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Another service (an order service, say) in its own JVM: joins the cluster and sends {@code count}
 * reservations of one unit of a product at once to {@code emporium.product}, which the clustered bus
 * spreads over every product instance of every JVM. Prints one JSON line
 * {@code {"held": n, "conflict": m, "other": [...]}} and exits 0 (2 when it cannot join).
 */
public final class ReservationStorm {
  private ReservationStorm() {}

  public static void main(String[] args) throws Exception {
    Config hazelcast = new FileSystemXmlConfig(args[0]);
    String productId = args[1];
    int count = Integer.parseInt(args[2]);
    // The stock actions refuse an unsigned caller: the storm calls as a service of the cluster (its secret).
    io.emporium.platform.security.CallerSignatures signer = io.emporium.platform.security.CallerSignatures.of(
        new io.emporium.platform.config.EmporiumConfig.Secret(args[3]), 60);
    Vertx vertx;
    try {
      vertx = Vertx.builder()
          .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
          .withClusterManager(new HazelcastClusterManager(hazelcast))
          .buildClustered().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("cannot join the cluster: " + e);
      System.exit(2);
      return;
    }
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonObject reserve = new JsonObject().put("reservationId", UUID.randomUUID().toString())
          .put("items", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", 1)));
      calls.add(vertx.eventBus().request("emporium.product", reserve,
          signer.sign(new DeliveryOptions().addHeader("action", "product.stock.reserve").setSendTimeout(20_000),
              "product.stock.reserve", "service:storm", java.util.Set.of("service"))));
    }
    Future.join(calls).otherwiseEmpty().await(60, TimeUnit.SECONDS);
    int held = 0;
    int conflict = 0;
    JsonArray other = new JsonArray();
    for (Future<?> call : calls) {
      if (call.succeeded()) {
        held++;
      } else if (call.cause() instanceof ReplyException re && re.failureCode() == 409) {
        conflict++;
      } else {
        other.add(String.valueOf(call.cause()));
      }
    }
    System.out.println(new JsonObject().put("held", held).put("conflict", conflict).put("other", other).encode());
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }
}
