package io.emporium.platform.mesh.balance;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consistent hashing by a key of the call (the caller, a product id ...), for cache affinity: the same
 * key goes to the same instance for as long as that instance may take calls, and when one leaves or is
 * left out (open circuit, ejected, already tried) only its keys move, each to the next instance on the
 * ring. A ring of {@value #VIRTUAL_NODES} points per instance (weights are not used) spreads the keys
 * evenly; the hash is {@code StableHash}'s, so every JVM maps a key to the same instance.
 *
 * <p>The ring holds every instance seen lately and is rebuilt when a new one appears (or when it has
 * grown to hold many that are gone); a pick walks clockwise from the key's point to the first instance
 * among the candidates. A call without a key is balanced round-robin.
 */
public final class ConsistentHash implements LoadBalancer {
  public static final int VIRTUAL_NODES = 128;
  private final AtomicLong cursor = new AtomicLong();
  private volatile Ring ring = new Ring(Set.of(), new long[0], new String[0]);

  private record Ring(Set<String> ids, long[] points, String[] owners) {}

  @Override
  public <C extends Candidate> C pick(List<C> candidates) {
    return candidates.get((int) Math.floorMod(cursor.getAndIncrement(), (long) candidates.size()));
  }

  @Override
  public <C extends Candidate> C pick(List<C> candidates, String key) {
    if (key == null) {
      return pick(candidates);
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    Map<String, C> byId = new HashMap<>(candidates.size() * 2);
    for (C candidate : candidates) {
      byId.put(candidate.id(), candidate);
    }
    Ring current = ringFor(byId.keySet());
    long point = hash(key);
    int start = Arrays.binarySearch(current.points(), point);
    if (start < 0) {
      start = -start - 1;
    }
    int size = current.points().length;
    for (int i = 0; i < size; i++) {
      C owner = byId.get(current.owners()[(start + i) % size]);
      if (owner != null) {
        return owner;
      }
    }
    return pick(candidates);
  }

  private Ring ringFor(Set<String> candidateIds) {
    Ring current = ring;
    if (current.ids().containsAll(candidateIds)) {
      return current;
    }
    synchronized (this) {
      current = ring;
      if (current.ids().containsAll(candidateIds)) {
        return current;
      }
      Set<String> ids = new HashSet<>(candidateIds);
      // Instances that are gone stay on the ring (they are skipped) until it holds many more than are called.
      if (current.ids().size() + ids.size() <= 2 * ids.size() + 8) {
        ids.addAll(current.ids());
      }
      current = build(ids);
      ring = current;
      return current;
    }
  }

  private static Ring build(Set<String> ids) {
    long[][] entries = new long[ids.size() * VIRTUAL_NODES][];
    String[] sortedIds = ids.stream().sorted().toArray(String[]::new);
    int n = 0;
    for (int owner = 0; owner < sortedIds.length; owner++) {
      for (int v = 0; v < VIRTUAL_NODES; v++) {
        entries[n++] = new long[] {hash(sortedIds[owner] + "#" + v), owner};
      }
    }
    Arrays.sort(entries, (a, b) -> Long.compare(a[0], b[0]));
    long[] points = new long[n];
    String[] owners = new String[n];
    for (int i = 0; i < n; i++) {
      points[i] = entries[i][0];
      owners[i] = sortedIds[(int) entries[i][1]];
    }
    return new Ring(Set.copyOf(ids), points, owners);
  }

  private static long hash(String key) {
    return StableHash.hash(key);
  }
}
