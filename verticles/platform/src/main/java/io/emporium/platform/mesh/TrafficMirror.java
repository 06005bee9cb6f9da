package io.emporium.platform.mesh;

import io.emporium.contract.Action;
import io.emporium.contract.ServiceError;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.policy.MirrorSettings;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic mirroring of one service (see {@link MirrorSettings}): a sampled idempotent call is also sent
 * to an instance of the shadow version, in parallel with the real one, and the two outcomes are
 * compared when both are in. The caller never sees the shadow's answer and never waits for it: the
 * comparison hangs off both futures, and nothing of the real call depends on it.
 *
 * <ul>
 *   <li><b>match</b>: the same reply, or the same coded answer (NOT_FOUND ...);
 *   <li><b>mismatch</b>: anything else the shadow answered;
 *   <li><b>error</b>: the shadow failed (TIMEOUT, UNAVAILABLE, INTERNAL) where the real call did not;
 *   <li><b>skipped</b>: sampled but not sent (no shadow instance available, or {@code maxInFlight} out);
 *       a real call that failed of the service is not compared either.
 * </ul>
 */
final class TrafficMirror {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong cursor = new AtomicLong();
  private final LongAdder sent = new LongAdder();
  private final LongAdder matched = new LongAdder();
  private final LongAdder mismatched = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder notCompared = new LongAdder();

  /** Mirrors the call if the sample says so and the budget allows; never fails, never blocks. */
  void maybeMirror(MeshRuntime mesh, ServiceLane lane, MirrorSettings settings,
      Action action, JsonObject payload, CallContext context, long timeoutMs, Future<JsonObject> real) {
    if (ThreadLocalRandom.current().nextInt(100) >= settings.percent()) {
      return;
    }
    Endpoint shadow = shadowInstance(mesh, lane, settings.version());
    if (shadow == null || !reserve(settings.maxInFlight())) {
      skipped.increment();
      return;
    }
    sent.increment();
    Future<JsonObject> mirrored = shadow.send(() -> mesh.transport().request(shadow.instance(), action, payload, context,
        timeoutMs, ReplyForm.JSON), mesh.settings().outlier(), lane.variant(shadow.instance().version()), lane.failureEjection);
    Future.join(real, mirrored).onComplete(both -> {
      inFlight.decrementAndGet();
      compare(real, mirrored);
    });
  }

  private boolean reserve(int max) {
    while (true) {
      int now = inFlight.get();
      if (now >= max) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  private Endpoint shadowInstance(MeshRuntime mesh, ServiceLane lane, String version) {
    long now = System.nanoTime();
    List<Endpoint> available = new ArrayList<>(2);
    for (ServiceInstance instance : mesh.directory().instances(lane.service)) {
      if (version.equals(instance.version())) {
        Endpoint endpoint = mesh.endpoints().endpoint(instance);
        if (endpoint.exclusion(now) == null) {
          available.add(endpoint);
        }
      }
    }
    return available.isEmpty() ? null
        : available.get((int) Math.floorMod(cursor.getAndIncrement(), (long) available.size()));
  }

  private void compare(AsyncResult<JsonObject> real, AsyncResult<JsonObject> shadow) {
    if (real.failed() && ServiceError.from(real.cause()).code().isFailureOfService()) {
      notCompared.increment();
      return;
    }
    if (shadow.failed() && InstanceBreaker.errorOf(shadow.cause()).code().isFailureOfService()) {
      errors.increment();
      return;
    }
    boolean same = real.succeeded() ? shadow.succeeded() && real.result().equals(shadow.result())
        : shadow.failed() && ServiceError.from(real.cause()).code() == InstanceBreaker.errorOf(shadow.cause()).code();
    (same ? matched : mismatched).increment();
  }

  JsonObject toJson(MirrorSettings settings) {
    return new JsonObject().put("version", settings == null ? null : settings.version())
        .put("sent", sent.sum()).put("match", matched.sum()).put("mismatch", mismatched.sum())
        .put("error", errors.sum()).put("skipped", skipped.sum()).put("notCompared", notCompared.sum())
        .put("inFlight", inFlight.get());
  }
}
