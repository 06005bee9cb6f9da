package io.emporium.platform.mesh.balance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round-robin as nginx does it: each pick adds every candidate's weight to its
 * current score, takes the highest score, and subtracts the total weight from the winner. Over any
 * window of total-weight picks each instance gets exactly its share, interleaved (5:1:1 gives
 * a a b a c a a, not a a a a a b c).
 *
 * <p>Scores live per instance id; an instance that leaves the candidate list loses its score and
 * starts again from zero when it returns.
 */
public final class SmoothWeighted implements LoadBalancer {
  private final Map<String, Long> scores = new HashMap<>();

  @Override
  public synchronized <C extends Candidate> C pick(List<C> candidates) {
    if (scores.size() > candidates.size()) {
      scores.keySet().retainAll(candidates.stream().map(Candidate::id).toList());
    }
    long total = 0;
    C best = null;
    long bestScore = Long.MIN_VALUE;
    for (C candidate : candidates) {
      long weight = Math.max(1, candidate.weight());
      long score = scores.getOrDefault(candidate.id(), 0L) + weight;
      scores.put(candidate.id(), score);
      total += weight;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    scores.put(best.id(), bestScore - total);
    return best;
  }
}
