package io.emporium.platform.mesh.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Each instance in turn. */
public final class RoundRobin implements LoadBalancer {
  private final AtomicLong cursor = new AtomicLong();

  @Override
  public <C extends Candidate> C pick(List<C> candidates) {
    return candidates.get((int) Math.floorMod(cursor.getAndIncrement(), (long) candidates.size()));
  }
}
