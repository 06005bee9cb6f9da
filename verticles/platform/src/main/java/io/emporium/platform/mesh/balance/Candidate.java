package io.emporium.platform.mesh.balance;

/** What a load balancer may look at to choose among instances. */
public interface Candidate {

  /** Stable id of the instance (its discovery instance id). */
  String id();

  /** Weight published in discovery, at least 1. */
  int weight();

  /** Calls sent to the instance and not yet answered. */
  int inFlight();
}
