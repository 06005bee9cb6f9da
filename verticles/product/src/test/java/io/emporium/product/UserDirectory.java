package io.emporium.product;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The user service as the product service meets it on the bus: {@code user.get} answered from the
 * users a test puts here, as the contract shapes them. Counts the questions, so a test can tell when
 * the product service asked.
 */
public final class UserDirectory {
  private final Map<String, JsonObject> users = new ConcurrentHashMap<>();
  private final AtomicInteger asked = new AtomicInteger();
  private MessageConsumer<JsonObject> consumer;

  public static Future<UserDirectory> start(Vertx vertx) {
    UserDirectory directory = new UserDirectory();
    directory.consumer = vertx.eventBus().consumer(Addresses.shared(ServiceName.USER), message -> {
      directory.asked.incrementAndGet();
      if (!UserAction.GET.wireName().equals(message.headers().get(Headers.ACTION))) {
        message.fail(400, ServiceError.invalid(Headers.ACTION, "not a user.get").toJson().encode());
        return;
      }
      JsonObject user = directory.users.get(message.body().getString("id"));
      if (user == null) {
        ServiceError missing = ServiceError.notFound("no user with id " + message.body().getString("id"));
        message.fail(ErrorCode.NOT_FOUND.failureCode(), missing.toJson().encode());
      } else {
        message.reply(user.copy());
      }
    });
    return directory.consumer.completion().map(directory);
  }

  public UserDirectory put(String id, String status, String... roles) {
    users.put(id, new JsonObject().put("id", id).put("email", id + "@example.org").put("name", "Someone")
        .put("roles", new JsonArray(java.util.List.of(roles))).put("status", status));
    return this;
  }

  public UserDirectory activeAdmin(String id) {
    return put(id, "active", "admin", "user");
  }

  public int asked() {
    return asked.get();
  }

  public Future<Void> stop() {
    return consumer.unregister();
  }
}
