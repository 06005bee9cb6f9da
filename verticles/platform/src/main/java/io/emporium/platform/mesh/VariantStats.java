package io.emporium.platform.mesh;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.LongAdder;

/** Calls that reached instances of one version (a variant of a traffic split): counts and latencies. */
final class VariantStats {
  private final LongAdder calls = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LatencyRing latency = new LatencyRing();

  void record(long nanos, boolean failedOfService) {
    calls.increment();
    if (failedOfService) {
      failures.increment();
    }
    latency.record(nanos);
  }

  long calls() {
    return calls.sum();
  }

  JsonObject toJson() {
    return new JsonObject().put("calls", calls.sum()).put("failures", failures.sum()).put("latencyMs", latency.toJson());
  }
}
