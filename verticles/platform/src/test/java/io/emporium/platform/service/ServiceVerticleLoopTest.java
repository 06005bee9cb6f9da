package io.emporium.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceName;
import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.config.EmporiumConfig.Secret;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.platform.testing.NoDiscovery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service instance tells its JVM's directory which event loop it consumes on once its consumers are ready,
 * and takes that back as its stop begins (before it withdraws its record), so that no caller keeps picking it
 * for being on the same loop while it drains.
 */
@ExtendWith(VertxExtension.class)
class ServiceVerticleLoopTest {

  @Test
  void anInstanceIsOnItsLoopWhileItRunsAndNotOnceItStops(Vertx vertx, VertxTestContext test) {
    NoDiscovery discovery = new NoDiscovery();
    LoopService service = new LoopService(discovery);
    vertx.deployVerticle(service)
        .compose(id -> {
          test.verify(() -> assertThat(discovery.directory().localLoops().loopOf(service.instanceId()))
              .isNotNull()
              .isSameAs(service.startedOn.get()));
          return vertx.undeploy(id);
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(discovery.directory().localLoops().loopOf(service.instanceId())).isNull();
          test.completeNow();
        })));
  }

  private static final class LoopService extends ServiceVerticle {
    final AtomicReference<Thread> startedOn = new AtomicReference<>();

    LoopService(NoDiscovery discovery) {
      super(ServiceName.PRODUCT, new InstanceSettings("1.0.0", 100, 0), discovery, "node-1",
          CallerSignatures.of(new Secret("a-test-secret-of-enough-length-0123456789"), 60));
    }

    @Override
    public Future<?> start() {
      startedOn.set(Thread.currentThread());
      return super.start();
    }

    @Override
    protected ActionDispatcher dispatcher() {
      return new ActionDispatcher().on(ProductAction.GET, request -> Future.succeededFuture(new JsonObject()));
    }
  }
}
