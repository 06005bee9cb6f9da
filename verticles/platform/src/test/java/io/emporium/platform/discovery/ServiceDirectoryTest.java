package io.emporium.platform.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ServiceName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceDirectoryTest {

  private static ServiceInstance instance(String id, String node) {
    return ServiceInstance.create(ServiceName.PRODUCT, id, "1.0.0", 100, node);
  }

  @Test
  void removalListenersHearEveryWayAnInstanceLeavesAndNothingElse() {
    ServiceDirectory directory = new ServiceDirectory();
    List<String> removed = new ArrayList<>();
    Runnable stop = directory.onRemoved((i, why) -> removed.add(i.instanceId() + " " + why));
    directory.upsert(instance("a", "n1"));
    directory.upsert(instance("b", "n2"));
    directory.upsert(instance("c", "n2"));
    directory.upsert(instance("d", "n3"));
    directory.upsert(instance("a", "n1"));
    assertThat(removed).isEmpty();

    assertThat(directory.remove("a")).isTrue();
    assertThat(directory.remove("a")).isFalse();
    directory.removeNode("n2");
    directory.replaceAll(List.of(instance("e", "n4")));
    // A withdrawn record (or one absent from a re-read) answers what it took; a node that left does not.
    assertThat(removed).containsExactly("a WITHDRAWN", "b GONE", "c GONE", "d WITHDRAWN");

    stop.run();
    directory.remove("e");
    assertThat(removed).hasSize(4);
    assertThat(directory.instances(ServiceName.PRODUCT)).isEmpty();
  }

  @Test
  void aFailingListenerDoesNotStopTheOthersNorTheChange() {
    ServiceDirectory directory = new ServiceDirectory();
    List<String> heard = new ArrayList<>();
    directory.onRemoved((i, why) -> {
      throw new IllegalStateException("boom");
    });
    directory.onRemoved((i, why) -> heard.add(i.instanceId()));
    directory.upsert(instance("a", "n1"));
    directory.remove("a");
    assertThat(heard).containsExactly("a");
    assertThat(directory.find("a")).isEmpty();
  }
}
