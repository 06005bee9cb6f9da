package io.emporium.tests.example;

// Only vertx-core and vertx-hazelcast (with Hazelcast itself): no Emporium class. Everything this
// program knows about Emporium comes from the documented event-bus contract
// (verticles/platform/EVENT-BUS-CONTRACT.md). ClusterRequestTest runs it, on a class path of those
// libraries alone, against a live cluster, so this example cannot silently go stale.
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * Another team's program: joins the Emporium cluster and asks the product service for one product.
 *
 * <pre>
 * java --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
 *      --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
 *      --add-opens java.management/sun.management=ALL-UNNAMED \
 *      --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
 *      -Dhazelcast.socket.bind.any=false -Dhazelcast.phone.home.enabled=false \
 *      -cp vertx-core.jar:vertx-hazelcast.jar:hazelcast.jar:netty-*.jar:jackson-core.jar:... \
 *      io.emporium.tests.example.ExternalProductClient cluster-config/loopback.xml 6f1c...
 * </pre>
 *
 * Prints one line: the product as JSON, or {@code FAILED <failure type> <failure code> <message>}.
 * Exit code 0 when the product was returned, 1 when the request failed (e.g. NOT_FOUND), 2 on a usage
 * or cluster error. Domain events ({@code emporium.events.<name>}) would be consumed with
 * {@code eventBus().consumer(address, ...)}, one exact address each: the bus has no wildcards.
 *
 * <p>It calls an anonymous action and so sets no caller headers: a caller must be signed with the
 * cluster secret (EVENT-BUS-CONTRACT.md, "Signed callers"), and services refuse unsigned ones.
 */
public final class ExternalProductClient {
  /** Documented addresses and headers (EVENT-BUS-CONTRACT.md): copied here, not imported. */
  private static final String PRODUCT_SERVICE = "emporium.product";
  private static final String ACTION_HEADER = "action";
  private static final String GET_PRODUCT = "product.get";
  /** Always bound a request: the Vert.x default is 30 s. */
  private static final long SEND_TIMEOUT_MS = 5_000;

  private ExternalProductClient() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ExternalProductClient <hazelcast-config.xml> <product-id>");
      System.exit(2);
    }
    // The same Hazelcast file (and so the same cluster name and member list) as the Emporium JVMs.
    Config hazelcast = new FileSystemXmlConfig(args[0]);
    Vertx vertx;
    try {
      vertx = Vertx.builder()
          // Advertise loopback: by default Vert.x picks the first non-loopback interface, which the
          // other members may not reach.
          .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
          .withClusterManager(new HazelcastClusterManager(hazelcast))
          .buildClustered()
          .await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("cannot join the cluster: " + e);
      System.exit(2);
      return;
    }

    int exitCode;
    try {
      // Request-reply: the body names the product, the "action" header names the operation.
      Message<JsonObject> reply = vertx.eventBus().<JsonObject>request(PRODUCT_SERVICE,
              new JsonObject().put("id", args[1]),
              new DeliveryOptions().addHeader(ACTION_HEADER, GET_PRODUCT).setSendTimeout(SEND_TIMEOUT_MS))
          .await();
      System.out.println(reply.body().encode());
      exitCode = 0;
    } catch (ReplyException failure) {
      // RECIPIENT_FAILURE: the service answered with an error; its code is the failure code (404, ...)
      // and the message is JSON {"code": "NOT_FOUND", "message": ...}: switch on "code".
      // TIMEOUT / NO_HANDLERS: nobody answered in time / no instance consumes the address.
      System.out.println("FAILED " + failure.failureType() + " " + failure.failureCode() + " " + failure.getMessage());
      exitCode = 1;
    }
    // Leave the cluster cleanly before exiting (vertx-hazelcast installs no shutdown hook).
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(exitCode);
  }
}
