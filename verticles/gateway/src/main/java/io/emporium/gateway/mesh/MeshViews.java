package io.emporium.gateway.mesh;

import io.emporium.platform.mesh.MeshClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh views of every gateway verticle of this JVM, gathered. Each verticle has a mesh of its own
 * (breakers, health, ejections, counters) and an HTTP connection reaches one verticle only, so its own
 * view says nothing about the others'. Each verticle answers its view on a local bus address of its own
 * (on its own event loop: the view is read where it changes), listed in a JVM-local map that any
 * verticle reads to ask them all.
 */
public final class MeshViews {
  private static final Logger LOG = LoggerFactory.getLogger(MeshViews.class);
  /** Mesh id to the local address its verticle answers on: this JVM's gateway verticles. */
  static final String DIRECTORY = "emporium.gateway.mesh-views";
  private static final String ADDRESS_PREFIX = "emporium.gateway.mesh-view.";
  /** A verticle whose loop is stuck longer than this is left out (and counted), not waited for. */
  static final long ANSWER_TIMEOUT_MS = 2_000;

  /** The views that answered, ordered by mesh id, and how many verticles did not answer in time. */
  public record Gathered(JsonArray views, int unanswered) {}

  private final Vertx vertx;
  private final MeshClient mesh;
  private final String address;
  private MessageConsumer<Object> consumer;

  public MeshViews(Vertx vertx, MeshClient mesh) {
    this.vertx = vertx;
    this.mesh = mesh;
    this.address = ADDRESS_PREFIX + mesh.id();
  }

  /** Answers this verticle's view on its address and lists it; call from the verticle that owns the mesh. */
  public Future<Void> publish() {
    consumer = vertx.eventBus().localConsumer(address, (Message<Object> ask) -> ask.reply(mesh.stats()));
    return consumer.completion().onSuccess(v -> directory().put(mesh.id(), address));
  }

  /** Takes this verticle's view off the list (a stopping verticle is asked no more). */
  public Future<Void> withdraw() {
    directory().remove(mesh.id());
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Every listed verticle's view, this one's included. Never fails: a view not answered in time is counted. */
  public Future<Gathered> gather() {
    List<Future<JsonObject>> asked = new ArrayList<>();
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true).setSendTimeout(ANSWER_TIMEOUT_MS);
    for (Map.Entry<String, String> view : directory().entrySet()) {
      asked.add(vertx.eventBus().<JsonObject>request(view.getValue(), null, options).map(Message::body)
          .otherwise(e -> {
            LOG.warn("the mesh view {} did not answer: {}", view.getKey(), e.toString());
            return null;
          }));
    }
    // each asked view recovers its own failure: all() waits for every one
    return Future.all(asked).map(v -> {
      List<JsonObject> answered = asked.stream().map(Future::result).filter(Objects::nonNull)
          .sorted(Comparator.comparing((JsonObject view) -> view.getString("meshId"))).toList();
      return new Gathered(new JsonArray(new ArrayList<>(answered)), asked.size() - answered.size());
    });
  }

  private LocalMap<String, String> directory() {
    return vertx.sharedData().getLocalMap(DIRECTORY);
  }
}
