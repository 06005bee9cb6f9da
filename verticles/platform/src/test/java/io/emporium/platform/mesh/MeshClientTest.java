package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceException;
import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MeshClientTest {
  private static final CallContext CONTEXT = CallContext.anonymous("test");

  private static ServiceInstance answering(Vertx vertx, ServiceDirectory directory, String id) {
    ServiceInstance instance = ServiceInstance.create(ServiceName.PRODUCT, id, "1.0.0", 100, "n");
    vertx.eventBus().<JsonObject>consumer(instance.address(), m -> m.reply(new JsonObject()
        .put("instance", id).put("action", m.headers().get(Headers.ACTION))));
    directory.upsert(instance);
    return instance;
  }

  @Test
  void callsAreSpreadEvenlyOverInstancesAndCarryTheAction(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    answering(vertx, directory, "a");
    answering(vertx, directory, "b");
    MeshClient mesh = new MeshClient(vertx, directory, 1_000);
    List<Future<JsonObject>> calls = IntStream.range(0, 10)
        .mapToObj(i -> mesh.call(ProductAction.GET, new JsonObject(), CONTEXT)).toList();
    Future.all(new ArrayList<>(calls)).onComplete(test.succeeding(all -> test.verify(() -> {
      Map<String, Long> perInstance = calls.stream().map(f -> f.result().getString("instance"))
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(perInstance).containsEntry("a", 5L).containsEntry("b", 5L);
      assertThat(calls.get(0).result().getString("action")).isEqualTo("product.get");
      test.completeNow();
    })));
  }

  @Test
  void noInstanceFailsAtOnceWithUnavailable(Vertx vertx, VertxTestContext test) {
    new MeshClient(vertx, new ServiceDirectory(), 60_000).call(ProductAction.GET, new JsonObject(), CONTEXT)
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(((ServiceException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
          test.completeNow();
        })));
  }

  @Test
  void instanceWithoutConsumerIsDroppedAndIdempotentCallGoesElsewhere(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    directory.upsert(ServiceInstance.create(ServiceName.PRODUCT, "gone", "1.0.0", 100, "n"));
    answering(vertx, directory, "alive");
    MeshClient mesh = new MeshClient(vertx, directory, 1_000);
    Future.all(mesh.call(ProductAction.GET, new JsonObject(), CONTEXT),
            mesh.call(ProductAction.GET, new JsonObject(), CONTEXT))
        .onComplete(test.succeeding(both -> test.verify(() -> {
          assertThat(both.<JsonObject>resultAt(0).getString("instance")).isEqualTo("alive");
          assertThat(both.<JsonObject>resultAt(1).getString("instance")).isEqualTo("alive");
          assertThat(directory.instances(ServiceName.PRODUCT)).extracting(ServiceInstance::instanceId)
              .containsExactly("alive");
          test.completeNow();
        })));
  }

  @Test
  void silentInstanceTimesOutWithTimeoutCode(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    ServiceInstance silent = ServiceInstance.create(ServiceName.PRODUCT, "silent", "1.0.0", 100, "n");
    vertx.eventBus().consumer(silent.address(), m -> { /* never answers */ });
    directory.upsert(silent);
    new MeshClient(vertx, directory, 200).call(ProductAction.GET, new JsonObject(), CONTEXT)
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(((ServiceException) e).code()).isEqualTo(ErrorCode.TIMEOUT);
          test.completeNow();
        })));
  }

  @Test
  void contractErrorOfTheServiceReachesTheCallerUnchanged(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    ServiceInstance instance = ServiceInstance.create(ServiceName.PRODUCT, "x", "1.0.0", 100, "n");
    vertx.eventBus().consumer(Addresses.instance(ServiceName.PRODUCT, "x"), m -> m.fail(404,
        new JsonObject().put("code", "NOT_FOUND").put("message", "no product with id 1").encode()));
    directory.upsert(instance);
    new MeshClient(vertx, directory, 1_000).call(ProductAction.GET, new JsonObject(), CONTEXT)
        .onComplete(test.failing(e -> test.verify(() -> {
          ServiceException se = (ServiceException) e;
          assertThat(se.code()).isEqualTo(ErrorCode.NOT_FOUND);
          assertThat(se.error().message()).isEqualTo("no product with id 1");
          assertThat(directory.instances(ServiceName.PRODUCT)).hasSize(1);
          test.completeNow();
        })));
  }

  @Test
  void anEncodedCallAsksForBytesAndTakesThemAsTheyCame(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    ServiceInstance instance = ServiceInstance.create(ServiceName.PRODUCT, "bytes", "1.0.0", 100, "n");
    Buffer sent = Buffer.buffer("{\"id\":\"p1\",\"version\":3}");
    vertx.eventBus().consumer(instance.address(), m -> m.reply(
        Headers.ENCODED.equals(m.headers().get(Headers.REPLY_FORM)) ? sent : new JsonObject().put("asked", "json"),
        new DeliveryOptions().addHeader(Headers.ENTITY_VERSION, "3")));
    directory.upsert(instance);
    MeshClient mesh = new MeshClient(vertx, directory, 1_000);
    mesh.call(ProductAction.GET, new JsonObject(), CONTEXT, ReplyForm.ENCODED)
        .compose(encoded -> mesh.call(ProductAction.GET, new JsonObject(), CONTEXT).map(json -> {
          assertThat(encoded.body()).isEqualTo(sent);
          assertThat(encoded.version()).isEqualTo(3L);
          assertThat(json).isEqualTo(new JsonObject().put("asked", "json"));
          return json;
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void aServiceThatAnswersJsonToAnEncodedCallIsEncodedByTheMesh(Vertx vertx, VertxTestContext test) {
    // A service of an older version ignores the reply-form header: the caller still gets bytes and version.
    ServiceDirectory directory = new ServiceDirectory();
    ServiceInstance instance = ServiceInstance.create(ServiceName.PRODUCT, "old", "1.0.0", 100, "n");
    JsonObject answer = new JsonObject().put("id", "p1").put("version", 9);
    vertx.eventBus().consumer(instance.address(), m -> m.reply(answer));
    directory.upsert(instance);
    new MeshClient(vertx, directory, 1_000).call(ProductAction.GET, new JsonObject(), CONTEXT, ReplyForm.ENCODED)
        .onComplete(test.succeeding(encoded -> test.verify(() -> {
          assertThat(encoded.body()).isEqualTo(answer.toBuffer());
          assertThat(encoded.version()).isEqualTo(9L);
          test.completeNow();
        })));
  }

  @Test
  void aJsonCallDecodesAServiceThatAnswersBytes(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    ServiceInstance instance = ServiceInstance.create(ServiceName.PRODUCT, "raw", "1.0.0", 100, "n");
    vertx.eventBus().consumer(instance.address(), m -> m.reply(Buffer.buffer("{\"id\":\"p2\"}")));
    directory.upsert(instance);
    new MeshClient(vertx, directory, 1_000).call(ProductAction.GET, new JsonObject(), CONTEXT)
        .onComplete(test.succeeding(json -> test.verify(() -> {
          assertThat(json).isEqualTo(new JsonObject().put("id", "p2"));
          test.completeNow();
        })));
  }
}
