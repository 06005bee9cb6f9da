package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The meters of the named metrics, found again by name and tag values without building a Micrometer
 * id per call: the hot paths (every request, every statement) pay one map lookup.
 */
final class MeterCache {
  private final ConcurrentHashMap<Key, Meter> meters = new ConcurrentHashMap<>();

  private record Key(String name, String[] tags) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.name.equals(name) && Arrays.equals(k.tags, tags);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(tags);
    }
  }

  Counter counter(MeterRegistry registry, String name, String help, String... tags) {
    return (Counter) get(name, tags, () -> Counter.builder(name).description(help).tags(tags).register(registry));
  }

  Timer histogram(EmporiumMetrics metrics, String name, String help, String... tags) {
    return (Timer) get(name, tags, () -> metrics.histogram(name, help, tags));
  }

  DistributionSummary summary(EmporiumMetrics metrics, String name, String help, String unit, String... tags) {
    return (DistributionSummary) get(name, tags, () -> metrics.summary(name, help, unit, tags));
  }

  private Meter get(String name, String[] tags, Supplier<Meter> create) {
    for (int i = 1; i < tags.length; i += 2) {
      if (tags[i] == null) {
        tags[i] = "none"; // Micrometer refuses null tag values; a missing value is a value too
      }
    }
    Key key = new Key(name, tags);
    Meter meter = meters.get(key);
    if (meter != null) {
      return meter;
    }
    // Made outside the map: the registry gives the same meter for the same id, so a race makes nothing twice.
    Meter created = create.get();
    // A label set the budget folded into "other" is not kept under its own key: this map stays bounded too.
    return foldedByBudget(created, tags) ? created : meters.computeIfAbsent(key, k -> created);
  }

  private static boolean foldedByBudget(Meter meter, String[] tags) {
    for (int i = 1; i < tags.length; i += 2) {
      if (!LabelBudget.OTHER.equals(tags[i]) && LabelBudget.OTHER.equals(meter.getId().getTag(tags[i - 1]))) {
        return true;
      }
    }
    return false;
  }
}
