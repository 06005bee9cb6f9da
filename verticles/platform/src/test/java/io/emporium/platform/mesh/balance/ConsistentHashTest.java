package io.emporium.platform.mesh.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consistent hashing: the same key, the same instance; an instance leaving moves only its own keys. */
class ConsistentHashTest {
  private record Instance(String id) implements Candidate {
    @Override
    public int weight() {
      return 100;
    }

    @Override
    public int inFlight() {
      return 0;
    }
  }

  private static final List<Instance> THREE = List.of(new Instance("a"), new Instance("b"), new Instance("c"));
  private static final int KEYS = 6_000;

  private static Map<String, String> owners(ConsistentHash hash, List<Instance> candidates) {
    Map<String, String> owners = new HashMap<>();
    for (int k = 0; k < KEYS; k++) {
      owners.put("product-" + k, hash.pick(candidates, "product-" + k).id());
    }
    return owners;
  }

  @Test
  void theSameKeyAlwaysGoesToTheSameInstanceAndKeysSpreadEvenly() {
    ConsistentHash hash = new ConsistentHash();
    Map<String, String> first = owners(hash, THREE);
    // A fresh balancer (another gateway) maps every key alike.
    assertThat(owners(new ConsistentHash(), THREE)).isEqualTo(first);
    assertThat(owners(hash, List.of(THREE.get(2), THREE.get(0), THREE.get(1)))).as("order of candidates")
        .isEqualTo(first);
    Map<String, Long> perInstance = new HashMap<>();
    first.values().forEach(id -> perInstance.merge(id, 1L, Long::sum));
    System.out.printf("consistent hash, %d keys over 3 instances, %d points each: %s%n", KEYS,
        ConsistentHash.VIRTUAL_NODES, perInstance);
    assertThat(perInstance.values()).allSatisfy(n -> assertThat(n).isBetween(KEYS / 3 - 600L, KEYS / 3 + 600L));
  }

  @Test
  void anInstanceLeftOutMovesOnlyItsOwnKeysAndTheyComeBackWithIt() {
    ConsistentHash hash = new ConsistentHash();
    Map<String, String> before = owners(hash, THREE);
    Map<String, String> without = owners(hash, List.of(THREE.get(0), THREE.get(2)));
    List<String> moved = new ArrayList<>();
    before.forEach((key, owner) -> {
      if (!owner.equals(without.get(key))) {
        moved.add(key);
      }
    });
    assertThat(moved).isNotEmpty().allSatisfy(key -> assertThat(before.get(key)).isEqualTo("b"));
    assertThat(moved).hasSize((int) before.values().stream().filter("b"::equals).count());
    assertThat(owners(hash, THREE)).isEqualTo(before);
  }

  @Test
  void aNewInstanceTakesAboutItsShareFromTheOthers() {
    ConsistentHash hash = new ConsistentHash();
    Map<String, String> before = owners(hash, THREE);
    List<Instance> four = new ArrayList<>(THREE);
    four.add(new Instance("d"));
    Map<String, String> after = owners(hash, four);
    long moved = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).count();
    assertThat(before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))))
        .allSatisfy(k -> assertThat(after.get(k)).isEqualTo("d"));
    assertThat(moved).isBetween(KEYS / 4 - 600L, KEYS / 4 + 600L);
  }

  @Test
  void aCallWithoutAKeyIsBalancedInTurn() {
    ConsistentHash hash = new ConsistentHash();
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picks.add(hash.pick(THREE, null).id());
    }
    assertThat(picks).containsExactly("a", "b", "c", "a", "b", "c");
  }
}
