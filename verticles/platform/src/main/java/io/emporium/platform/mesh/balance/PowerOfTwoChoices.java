package io.emporium.platform.mesh.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two distinct instances at random, then the one with fewer calls in flight (a coin decides a tie).
 * Nearly as good as least-connections at spreading load, without every caller herding onto the same
 * momentarily idle instance.
 */
public final class PowerOfTwoChoices implements LoadBalancer {

  @Override
  public <C extends Candidate> C pick(List<C> candidates) {
    int size = candidates.size();
    if (size == 1) {
      return candidates.get(0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int first = random.nextInt(size);
    int second = random.nextInt(size - 1);
    if (second >= first) {
      second++;
    }
    C a = candidates.get(first);
    C b = candidates.get(second);
    int difference = a.inFlight() - b.inFlight();
    if (difference == 0) {
      return random.nextBoolean() ? a : b;
    }
    return difference < 0 ? a : b;
  }
}
