package org.example.catalogue;

import io.emporium.contract.ProductAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * {@code FailureProbes <hazelcast.xml>}: the failures a caller must tell apart, one request each, one
 * line each ({@code <probe> <outcome>}, outcome as {@link EmporiumBus#describe}):
 * <ul>
 *   <li>{@code not-found}: an answer of the service (NOT_FOUND);
 *   <li>{@code no-handlers}: an address nobody consumes (NO_HANDLERS, counted as UNAVAILABLE);
 *   <li>{@code not-json}: a body value JSON cannot hold: fails here, before sending, and is no
 *       {@code ReplyException};
 *   <li>{@code oversized}: a request over the contract's size limit, refused by the service.
 * </ul>
 */
public final class FailureProbes {
  /** The contract's limit on a request body is 1 MiB of JSON; this one is 3 MiB. */
  private static final int OVERSIZED_CHARS = 3 * 1024 * 1024;

  private FailureProbes() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = EmporiumBus.join(args[0]);
    try {
      probe("not-found", get(vertx, EmporiumBus.PRODUCT, new JsonObject().put("id", UUID.randomUUID().toString())));
      probe("no-handlers", get(vertx, "emporium.nobody", new JsonObject()));
      probe("not-json", get(vertx, EmporiumBus.PRODUCT, new JsonObject().put("id", new Object())));
      probe("oversized", get(vertx, EmporiumBus.PRODUCT, new JsonObject().put("id", UUID.randomUUID().toString())
          .put("note", "x".repeat(OVERSIZED_CHARS))));
    } finally {
      EmporiumBus.leave(vertx);
    }
  }

  private static Future<?> get(Vertx vertx, String address, JsonObject body) {
    try {
      return vertx.eventBus().request(address, body, new DeliveryOptions().addHeader(EmporiumBus.ACTION, ProductAction.GET.wireName())
          .setSendTimeout(EmporiumBus.SEND_TIMEOUT_MS));
    } catch (RuntimeException thrownAtOnce) {
      return Future.failedFuture(thrownAtOnce);
    }
  }

  private static void probe(String name, Future<?> request) {
    try {
      request.await();
      System.out.println(name + " OK");
    } catch (Exception failure) {
      System.out.println(name + " " + EmporiumBus.describe(failure));
    }
  }
}
