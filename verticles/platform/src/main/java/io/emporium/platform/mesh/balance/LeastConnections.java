package io.emporium.platform.mesh.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instance with the fewest calls in flight; ties are broken in turn, so that idle instances share
 * the load instead of the first one in the list taking all of it.
 */
public final class LeastConnections implements LoadBalancer {
  private final AtomicLong cursor = new AtomicLong();

  @Override
  public <C extends Candidate> C pick(List<C> candidates) {
    int size = candidates.size();
    int start = (int) Math.floorMod(cursor.getAndIncrement(), (long) size);
    C best = null;
    int fewest = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      C candidate = candidates.get((start + i) % size);
      int inFlight = candidate.inFlight();
      if (inFlight < fewest) {
        best = candidate;
        fewest = inFlight;
      }
    }
    return best;
  }
}
