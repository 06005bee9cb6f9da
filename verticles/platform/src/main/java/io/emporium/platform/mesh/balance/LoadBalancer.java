package io.emporium.platform.mesh.balance;

import java.util.List;

/**
 * Chooses one of the instances that may take a call. The mesh has already removed the instances it
 * must not call (open circuit, failed health checks, ejected, other variant, already tried), so a
 * balancer only spreads load. Implementations are thread-safe: one balancer serves a service for
 * every caller of a mesh.
 */
public sealed interface LoadBalancer permits RoundRobin, LeastConnections, SmoothWeighted, PowerOfTwoChoices {

  /** @param candidates never empty */
  <C extends Candidate> C pick(List<C> candidates);
}
