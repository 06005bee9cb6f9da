package io.emporium.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.contract.Addresses;
import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.Headers;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.contract.ServiceName;
import io.emporium.platform.contract.UserAction;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.discovery.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The user verticle on a real local bus: actions are wired and the instance announces itself. */
@ExtendWith(VertxExtension.class)
class UserVerticleTest {
  private final InMemoryUserRepository repository = new InMemoryUserRepository();
  private final RecordingRegistry registry = new RecordingRegistry();

  private Future<UserVerticle> deploy(Vertx vertx) {
    UserVerticle verticle = new UserVerticle(repository, new InstanceSettings("1.0.0", 100), registry, "node-1");
    return vertx.deployVerticle(verticle).map(id -> verticle);
  }

  private static Future<Message<JsonObject>> call(Vertx vertx, UserAction action, JsonObject body) {
    return vertx.eventBus().request(Addresses.shared(ServiceName.USER), body,
        new DeliveryOptions().addHeader(Headers.ACTION, action.wireName()).setSendTimeout(5_000));
  }

  @Test
  void healthReportsTheInstanceAndTheMemoryStore(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx)
        .compose(verticle -> call(vertx, UserAction.HEALTH, new JsonObject())
            .map(reply -> reply.body().put("expectedInstanceId", verticle.instanceId())))
        .onComplete(ctx.succeeding(health -> ctx.verify(() -> {
          assertThat(health.getString("status")).isEqualTo("UP");
          assertThat(health.getString("store")).isEqualTo("memory");
          assertThat(health.getString("database")).isEqualTo("UP");
          assertThat(health.getString("instanceId")).isEqualTo(health.getString("expectedInstanceId"));
          assertThat(registry.published).extracting(ServiceInstance::service).containsExactly(ServiceName.USER);
          ctx.completeNow();
        })));
  }

  @Test
  void getOverTheBusAnswersThePublicUser(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx)
        .compose(verticle -> repository.create(new NewUser("bus@example.org", "Bus", "hash!", Set.of(User.ROLE_USER))))
        .compose(user -> call(vertx, UserAction.GET, new JsonObject().put("id", user.id().toString())))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body().getString("email")).isEqualTo("bus@example.org");
          assertThat(reply.body().containsKey("passwordHash")).isFalse();
          assertThat(reply.body().encode()).doesNotContain("hash!");
          ctx.completeNow();
        })));
  }

  @Test
  void getWithAMalformedIdOverTheBusIsAValidationErrorOnFieldId(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx)
        .compose(verticle -> call(vertx, UserAction.GET, new JsonObject().put("id", "not-a-uuid")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          ServiceError error = ServiceError.from(e);
          assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(error.field()).isEqualTo("id");
          ctx.completeNow();
        })));
  }

  @Test
  void stoppingWithdrawsTheDiscoveryRecord(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx)
        .compose(verticle -> vertx.undeploy(vertx.deploymentIDs().iterator().next()))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(registry.published).hasSize(1);
          assertThat(registry.unpublished).isEqualTo(registry.published);
          ctx.completeNow();
        })));
  }

  /** Discovery is not under test here: this registry only remembers what it was told. */
  private static final class RecordingRegistry implements ServiceRegistry {
    final List<ServiceInstance> published = new CopyOnWriteArrayList<>();
    final List<ServiceInstance> unpublished = new CopyOnWriteArrayList<>();

    @Override
    public Future<Void> publish(ServiceInstance instance) {
      published.add(instance);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> unpublish(ServiceInstance instance) {
      unpublished.add(instance);
      return Future.succeededFuture();
    }

    @Override
    public ServiceDirectory directory() {
      throw new UnsupportedOperationException("not used by service verticles");
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
