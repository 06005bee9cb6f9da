package io.emporium.platform.mesh;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: a real verticle consuming on a service instance's address, listed in a directory, that
 * can be told to answer, fail (INTERNAL), answer NOT_FOUND, stall (never answer until released) or
 * slow down, and whose health action can be told to fail. It counts what it receives.
 */
public final class FakeInstance extends VerticleBase {
  public enum Mode { ANSWER, FAIL, NOT_FOUND, STALL, SLOW }

  private final ServiceInstance instance;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger probes = new AtomicInteger();
  private final List<Message<Object>> stalled = new ArrayList<>();
  private volatile Mode mode = Mode.ANSWER;
  private volatile long slowMs;
  private volatile boolean healthFails;
  private MessageConsumer<Object> consumer;
  private volatile Context context;
  private volatile Thread loop;

  private FakeInstance(ServiceInstance instance) {
    this.instance = instance;
  }

  /** Deploys an instance of the product service and lists it in the directory once it consumes. */
  public static Future<FakeInstance> deploy(Vertx vertx, ServiceDirectory directory, String id, String version,
      int weight) {
    return deploy(vertx, directory, ServiceInstance.create(ServiceName.PRODUCT, id, version, weight, "test-node"));
  }

  public static Future<FakeInstance> deploy(Vertx vertx, ServiceDirectory directory, ServiceInstance instance) {
    return deploy(vertx, directory, new FakeInstance(instance));
  }

  /**
   * As {@link #deploy(Vertx, ServiceDirectory, String, String, int)}, and registered, as a service verticle
   * registers itself, as consuming on its event loop in this JVM.
   */
  public static Future<FakeInstance> deployOnItsLoop(Vertx vertx, ServiceDirectory directory, String id) {
    FakeInstance fake = new FakeInstance(ServiceInstance.create(ServiceName.PRODUCT, id, "1.0.0", 100, "test-node"));
    return deploy(vertx, directory, fake).onSuccess(deployed ->
        directory.localLoops().consumingOn(id, deployed.loop));
  }

  private static Future<FakeInstance> deploy(Vertx vertx, ServiceDirectory directory, FakeInstance fake) {
    ServiceInstance instance = fake.instance;
    return vertx.deployVerticle(fake).map(id -> {
      directory.upsert(instance);
      return fake;
    });
  }

  @Override
  public Future<?> start() {
    context = vertx.getOrCreateContext();
    loop = Thread.currentThread();
    consumer = vertx.eventBus().consumer(instance.address(), this::handle);
    return consumer.completion();
  }

  private void handle(Message<Object> message) {
    if ("health".equals(message.headers().get(Headers.ACTION))) {
      probes.incrementAndGet();
      if (healthFails) {
        fail(message, ServiceError.of(ErrorCode.UNAVAILABLE, "told to fail its health checks"));
      } else {
        message.reply(new JsonObject().put("status", "UP").put("instanceId", instance.instanceId()));
      }
      return;
    }
    received.incrementAndGet();
    JsonObject reply = new JsonObject().put("instance", instance.instanceId()).put("version", instance.version())
        .put("action", message.headers().get(Headers.ACTION))
        .put("callerId", message.headers().get(Headers.CALLER_ID));
    switch (mode) {
      case ANSWER -> message.reply(reply);
      case FAIL -> fail(message, ServiceError.of(ErrorCode.INTERNAL, "told to fail"));
      case NOT_FOUND -> fail(message, ServiceError.notFound("no such thing"));
      case STALL -> {
        synchronized (stalled) {
          stalled.add(message);
        }
      }
      case SLOW -> vertx.setTimer(slowMs, id -> message.reply(reply));
    }
  }

  private static void fail(Message<Object> message, ServiceError error) {
    message.fail(error.code().failureCode(), error.toJson().encode());
  }

  public ServiceInstance instance() {
    return instance;
  }

  /** The context the instance consumes on: code run there calls from the instance's own event loop. */
  public Context context() {
    return context;
  }

  public String id() {
    return instance.instanceId();
  }

  public FakeInstance mode(Mode next) {
    this.mode = next;
    return this;
  }

  public FakeInstance slow(long ms) {
    this.slowMs = ms;
    this.mode = Mode.SLOW;
    return this;
  }

  public FakeInstance healthFails(boolean fails) {
    this.healthFails = fails;
    return this;
  }

  /** Calls (not health probes) that reached this instance. */
  public int received() {
    return received.get();
  }

  public int probes() {
    return probes.get();
  }

  /** Answers every stalled call now, and stops stalling. */
  public void release() {
    mode = Mode.ANSWER;
    List<Message<Object>> waiting;
    synchronized (stalled) {
      waiting = new ArrayList<>(stalled);
      stalled.clear();
    }
    waiting.forEach(m -> m.reply(new JsonObject().put("instance", instance.instanceId())));
  }

  /** Stops consuming (the directory still lists it: a JVM that vanished without a word). */
  public Future<Void> vanish() {
    return consumer.unregister();
  }
}
