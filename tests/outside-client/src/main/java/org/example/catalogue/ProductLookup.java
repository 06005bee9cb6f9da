package org.example.catalogue;

import io.emporium.contract.ProductAction;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * {@code ProductLookup <hazelcast.xml> <product-id>}: joins the Emporium cluster and asks the product
 * service for one product, the example of EVENT-BUS-CONTRACT.md. Run it with no JVM flag:
 *
 * <pre>
 * java -cp target/catalogue-client.jar org.example.catalogue.ProductLookup cluster-config/loopback.xml 6f1c...
 * </pre>
 *
 * Prints one line: the product as JSON, or the failure ({@link EmporiumBus#describe}). Exit code 0 when
 * the product was returned, 1 when the request failed (e.g. NOT_FOUND), 2 when it could not join.
 */
public final class ProductLookup {
  private ProductLookup() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ProductLookup <hazelcast-config.xml> <product-id>");
      System.exit(2);
    }
    Vertx vertx;
    try {
      vertx = EmporiumBus.join(args[0]);
    } catch (Throwable e) {
      System.out.println("cannot join the cluster: " + e);
      System.exit(2);
      return;
    }
    int exitCode;
    try {
      // Request-reply: the body names the product, the "action" header names the operation.
      Message<JsonObject> reply = vertx.eventBus().<JsonObject>request(EmporiumBus.PRODUCT,
              new JsonObject().put("id", args[1]),
              new DeliveryOptions().addHeader(EmporiumBus.ACTION, ProductAction.GET.wireName())
                  .setSendTimeout(EmporiumBus.SEND_TIMEOUT_MS))
          .await();
      System.out.println(reply.body().encode());
      exitCode = 0;
    } catch (Exception failure) {
      System.out.println(EmporiumBus.describe(failure));
      exitCode = 1;
    }
    EmporiumBus.leave(vertx);
    System.exit(exitCode);
  }
}
