package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cardinality guard of a registry: each label of each metric may take at most {@code budget} values;
 * a meter that would bring a further value gets {@value #OTHER} for that label instead (its other labels
 * keep theirs), and {@code emporium_metrics_label_overflow_total{metric}} counts each time a meter of the
 * metric is asked for with a value so folded (for Emporium's own meters, which are not kept by id when
 * folded, each recording; for a meter its caller keeps, once). An unexpected label value (a path, an id, an address) then costs one series, not one per
 * value, and Prometheus never sees a label explode.
 *
 * <p>A filter of the registry, so it guards every meter, Vert.x's included, and is consulted only when a
 * meter is made (Micrometer keeps the meter of an id it has seen). A value is released when the last meter
 * carrying it is removed (the circuit gauge of an instance that left), so instances that come and go over
 * months do not use the budget up.
 */
public final class LabelBudget implements MeterFilter {
  /** The value that stands for every value past the budget. */
  public static final String OTHER = "other";
  /** Values one label of one metric may take. */
  public static final int DEFAULT_BUDGET = 200;
  static final String OVERFLOW = "emporium.metrics.label.overflow";

  private final int budget;
  /** Per metric name, per label key, the values admitted. Guarded by the metric's map. */
  private final Map<String, Map<String, Set<String>>> admitted = new ConcurrentHashMap<>();
  private final Map<String, Counter> overflows = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  private LabelBudget(MeterRegistry registry, int budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("a label budget is at least 1, not " + budget);
    }
    this.registry = registry;
    this.budget = budget;
  }

  /**
   * Guards {@code registry}: call after its other filters (the values they fold, e.g. event-bus addresses,
   * are what the budget counts), before any meter is made.
   */
  static LabelBudget on(MeterRegistry registry, int budget) {
    LabelBudget guard = new LabelBudget(registry, budget);
    registry.config().meterFilter(guard).onMeterRemoved(guard::released);
    return guard;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    if (id.getName().equals(OVERFLOW) || id.getTags().isEmpty()) {
      return id;
    }
    Map<String, Set<String>> byKey = admitted.computeIfAbsent(id.getName(), n -> new HashMap<>());
    List<Tag> tags = null;
    synchronized (byKey) {
      List<Tag> original = id.getTags();
      for (int i = 0; i < original.size(); i++) {
        Tag tag = original.get(i);
        Set<String> values = byKey.computeIfAbsent(tag.getKey(), k -> new HashSet<>());
        if (values.contains(tag.getValue()) || tag.getValue().equals(OTHER)) {
          continue;
        }
        if (values.size() < budget) {
          values.add(tag.getValue());
          continue;
        }
        if (tags == null) {
          tags = new ArrayList<>(original);
        }
        tags.set(i, Tag.of(tag.getKey(), OTHER));
      }
    }
    if (tags == null) {
      return id;
    }
    overflowOf(id.getName()).increment();
    return id.replaceTags(tags);
  }

  /** Meters of {@code metric} asked for with a value folded into {@value #OTHER} so far (for tests). */
  double overflowed(String metric) {
    Counter counter = overflows.get(metric);
    return counter == null ? 0 : counter.count();
  }

  private Counter overflowOf(String metric) {
    return overflows.computeIfAbsent(metric, name -> Counter.builder(OVERFLOW)
        .description("Meters asked for with a label value folded into \"other\": the label had used up its budget of values")
        .tag("metric", name.replace('.', '_')).register(registry));
  }

  /** A value no meter carries any more goes back to the budget. */
  private void released(Meter meter) {
    Meter.Id id = meter.getId();
    Map<String, Set<String>> byKey = admitted.get(id.getName());
    if (byKey == null) {
      return;
    }
    for (Tag tag : id.getTags()) {
      if (registry.find(id.getName()).tag(tag.getKey(), tag.getValue()).meters().isEmpty()) {
        synchronized (byKey) {
          Set<String> values = byKey.get(tag.getKey());
          if (values != null) {
            values.remove(tag.getValue());
          }
        }
      }
    }
  }
}
