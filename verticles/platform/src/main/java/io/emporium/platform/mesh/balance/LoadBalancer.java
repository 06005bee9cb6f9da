package io.emporium.platform.mesh.balance;

import java.util.List;

/**
 * Chooses one of the instances that may take a call. The mesh has already removed the instances it
 * must not call (open circuit, failed health checks, ejected, other variant, already tried), so a
 * balancer only spreads load. Implementations are thread-safe: one balancer serves a service for
 * every caller of a mesh.
 */
public sealed interface LoadBalancer
    permits RoundRobin, LeastConnections, SmoothWeighted, PowerOfTwoChoices, ConsistentHash {

  /** @param candidates never empty */
  <C extends Candidate> C pick(List<C> candidates);

  /**
   * @param key the call's key for strategies that hash one (consistent-hash), or null; the others ignore it
   */
  default <C extends Candidate> C pick(List<C> candidates, String key) {
    return pick(candidates);
  }
}
