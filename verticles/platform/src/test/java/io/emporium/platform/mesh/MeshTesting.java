package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceException;
import io.emporium.contract.ServiceName;
import io.emporium.platform.mesh.policy.BreakerSettings;
import io.emporium.platform.mesh.policy.HealthCheckSettings;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.OutlierSettings;
import io.emporium.platform.mesh.policy.RetrySettings;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Helpers shared by the mesh tests: settings where only what a test is about is switched on, and call loops. */
public final class MeshTesting {
  public static final CallContext ANONYMOUS = CallContext.anonymous("test");

  private MeshTesting() {}

  /**
   * No retries, breakers and ejection that never trigger, health checks too rare to matter: a test
   * switches on what it is about.
   */
  public static MeshSettings quiet(Strategy strategy) {
    ServicePolicy policy = new ServicePolicy(strategy, Optional.empty(), 2_000, Map.of(),
        new RetrySettings(1, 0, 0, 20), new BreakerSettings(10_000, 60_000));
    return new MeshSettings(policy, Map.of(), new HealthCheckSettings(3_600_000, 500, 3, 2),
        new OutlierSettings(10_000, 60_000, 60_000));
  }

  public static MeshSettings withProductPolicy(MeshSettings settings, Function<ServicePolicy, ServicePolicy> change) {
    return settings.withPolicy(ServiceName.PRODUCT, change.apply(settings.policyFor(ServiceName.PRODUCT)));
  }

  /** The outcome of one call: the reply, or the contract error, and how long it took. */
  public record Outcome(JsonObject reply, ServiceException error, long millis) {
    public boolean ok() {
      return error == null;
    }

    public String instance() {
      return reply == null ? null : reply.getString("instance");
    }
  }

  public static Future<Outcome> get(MeshClient mesh, CallContext context) {
    long start = System.nanoTime();
    return mesh.call(ProductAction.GET, new JsonObject(), context)
        .map(reply -> new Outcome(reply, null, (System.nanoTime() - start) / 1_000_000))
        .otherwise(e -> new Outcome(null, (ServiceException) e, (System.nanoTime() - start) / 1_000_000));
  }

  /** {@code count} calls one after the other (each starts when the previous ended). */
  public static Future<List<Outcome>> sequential(MeshClient mesh, int count) {
    return sequential(mesh, count, i -> ANONYMOUS);
  }

  public static Future<List<Outcome>> sequential(MeshClient mesh, int count, Function<Integer, CallContext> context) {
    List<Outcome> outcomes = new ArrayList<>(count);
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      int index = i;
      chain = chain.compose(v -> get(mesh, context.apply(index)).map(outcome -> {
        outcomes.add(outcome);
        return null;
      }));
    }
    return chain.map(v -> outcomes);
  }

  /** {@code count} calls in batches of {@code batch} concurrent calls. */
  public static Future<List<Outcome>> batched(MeshClient mesh, int count, int batch,
      Function<Integer, CallContext> context) {
    List<Outcome> outcomes = new ArrayList<>(count);
    Future<Void> chain = Future.succeededFuture();
    for (int start = 0; start < count; start += batch) {
      int from = start;
      int to = Math.min(count, start + batch);
      chain = chain.compose(v -> {
        List<Future<Outcome>> calls = new ArrayList<>();
        for (int i = from; i < to; i++) {
          calls.add(get(mesh, context.apply(i)));
        }
        return Future.all(calls).map(all -> {
          calls.forEach(f -> outcomes.add(f.result()));
          return null;
        });
      });
    }
    return chain.map(v -> outcomes);
  }

  /** Completes when the condition holds, polling every 10 ms; fails after the deadline. */
  public static Future<Void> until(Vertx vertx, Duration deadline, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    poll(vertx, end, what, condition, done);
    return done.future();
  }

  private static void poll(Vertx vertx, long end, String what, BooleanSupplier condition,
      io.vertx.core.Promise<Void> done) {
    if (condition.getAsBoolean()) {
      done.complete();
    } else if (System.nanoTime() > end) {
      done.fail(new AssertionError("timed out waiting for: " + what));
    } else {
      vertx.setTimer(10, id -> poll(vertx, end, what, condition, done));
    }
  }

  public static JsonObject productStats(MeshClient mesh) {
    return mesh.stats().getJsonObject("services").getJsonObject("product");
  }

  public static JsonObject instanceStats(MeshClient mesh, String instanceId) {
    return productStats(mesh).getJsonArray("instances").stream().map(JsonObject.class::cast)
        .filter(i -> instanceId.equals(i.getString("instanceId"))).findFirst()
        .orElseThrow(() -> new AssertionError("no stats for instance " + instanceId));
  }

  public static long count(List<Outcome> outcomes, String instance) {
    return outcomes.stream().filter(o -> instance.equals(o.instance())).count();
  }

  static void assertAllOk(List<Outcome> outcomes) {
    assertThat(outcomes).allSatisfy(o -> assertThat(o.ok()).as(String.valueOf(o.error())).isTrue());
  }
}
