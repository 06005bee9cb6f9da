package io.emporium.platform.mesh.policy;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shares of a service's calls per version of its instances, in percent, summing to 100, e.g.
 * {@code {"1.0.0": 90, "2.0.0": 10}}. Bucket {@code b} in [0, 100) belongs to the version whose
 * cumulative range contains it, in version order, so every gateway maps a bucket to the same variant.
 */
public record TrafficSplit(Map<String, Integer> weights) {

  public TrafficSplit {
    weights = Collections.unmodifiableMap(new TreeMap<>(weights));
  }

  /** @param bucket in [0, 100) */
  public String variantFor(int bucket) {
    int upTo = 0;
    String last = null;
    for (Map.Entry<String, Integer> entry : weights.entrySet()) {
      upTo += entry.getValue();
      if (entry.getValue() > 0) {
        last = entry.getKey();
        if (bucket < upTo) {
          return entry.getKey();
        }
      }
    }
    return last;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    weights.forEach(json::put);
    return json;
  }
}
