package io.emporium.platform.health;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Whether this JVM should be left running: an orchestrator restarts a JVM that is not live. Answering
 * on an event loop is the first condition ({@code /api/health/live} proves it by answering); the others
 * are plain, cheap conditions such as "not cut off from the cluster for longer than its bound". A JVM
 * that is not live is not ready either: whoever adds a liveness condition adds it to readiness too.
 */
public final class Liveness {
  private record Condition(String name, BooleanSupplier holds) {}

  private final List<Condition> conditions = new CopyOnWriteArrayList<>();

  public Liveness add(String name, BooleanSupplier holds) {
    conditions.add(new Condition(name, holds));
    return this;
  }

  /** The names of the conditions that do not hold; empty when live. */
  public List<String> failing() {
    return conditions.stream().filter(c -> !c.holds().getAsBoolean()).map(Condition::name).toList();
  }

  public boolean live() {
    return failing().isEmpty();
  }
}
