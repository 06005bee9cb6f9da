package io.emporium.platform.mesh;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** The last {@value #KEPT} state changes of one instance's circuit, with their times; outlives breaker rebuilds. */
final class BreakerHistory {
  static final int KEPT = 10;
  private final Deque<JsonObject> transitions = new ArrayDeque<>();
  private long opened;

  synchronized void record(CircuitBreakerState from, CircuitBreakerState to, String why) {
    if (to == CircuitBreakerState.OPEN) {
      opened++;
    }
    if (transitions.size() == KEPT) {
      transitions.removeFirst();
    }
    transitions.addLast(new JsonObject().put("from", from.name()).put("to", to.name())
        .put("at", Instant.now().toString()).put("why", why));
  }

  synchronized long timesOpened() {
    return opened;
  }

  synchronized JsonArray toJson() {
    JsonArray array = new JsonArray();
    transitions.forEach(t -> array.add(t.copy()));
    return array;
  }
}
