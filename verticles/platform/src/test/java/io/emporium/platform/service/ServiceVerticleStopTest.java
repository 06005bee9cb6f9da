package io.emporium.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.contract.Headers;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceName;
import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.config.EmporiumConfig.Secret;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.platform.testing.NoDiscovery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stop answers what the instance has already taken: the undeployment completes only after the
 * reply to a slow in-flight message, so the launcher closes the store pool and the bus behind it.
 */
@ExtendWith(VertxExtension.class)
class ServiceVerticleStopTest {
  private static final long HANDLER_MS = 400;

  /** Records what happened, in order, as the caller and the launcher see it. */
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Test
  void undeployWaitsForTheReplyOfAnInFlightMessage(Vertx vertx, VertxTestContext ctx) {
    SlowService service = new SlowService(vertx, 5_000);
    vertx.deployVerticle(service)
        .compose(id -> {
          Future<Object> reply = request(vertx);
          // Undeploy once the handler has the message (it answers HANDLER_MS later).
          return vertx.timer(100).compose(t -> {
            Future<Void> undeployed = vertx.undeploy(id).andThen(done -> events.add("undeployed"));
            return Future.all(reply, undeployed);
          });
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(events).containsExactly("replied", "undeployed");
          ctx.completeNow();
        })));
  }

  @Test
  void theDrainIsBoundedByTheDrainTime(Vertx vertx, VertxTestContext ctx) {
    SlowService service = new SlowService(vertx, 50);
    vertx.deployVerticle(service)
        .compose(id -> {
          request(vertx);
          return vertx.timer(100).compose(t -> vertx.undeploy(id).andThen(done -> events.add("undeployed")));
        })
        .compose(v -> vertx.timer(HANDLER_MS + 200))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          // The handler outlived the 50 ms drain: the stop did not wait for it.
          assertThat(events).containsExactly("undeployed", "replied");
          ctx.completeNow();
        })));
  }

  private Future<Object> request(Vertx vertx) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(5_000)
        .addHeader(Headers.ACTION, ProductAction.GET.wireName());
    return vertx.eventBus().request(Addresses.shared(ServiceName.PRODUCT), new JsonObject(), options)
        .map(reply -> {
          events.add("replied");
          return reply.body();
        });
  }

  /** A product instance whose one action answers HANDLER_MS after it takes the message. */
  private static final class SlowService extends ServiceVerticle {
    private final Vertx vertx;

    SlowService(Vertx vertx, int drainMs) {
      super(ServiceName.PRODUCT, new InstanceSettings("1.0.0", 100, drainMs), new NoDiscovery(), "node-1",
          CallerSignatures.of(new Secret("a-test-secret-of-enough-length-0123456789"), 60));
      this.vertx = vertx;
    }

    @Override
    protected ActionDispatcher dispatcher() {
      return new ActionDispatcher().on(ProductAction.GET,
          request -> vertx.timer(HANDLER_MS).map(t -> new JsonObject().put("ok", true)));
    }
  }
}
