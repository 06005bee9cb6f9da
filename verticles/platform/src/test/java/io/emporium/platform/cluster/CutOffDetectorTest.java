package io.emporium.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.cluster.CutOffDetector.Change;
import io.emporium.platform.cluster.CutOffDetector.Peer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CutOffDetectorTest {
  private static final long BOUND_MS = 60_000;
  private static final long FORGET_MS = 30_000;
  private static final Peer GATEWAY = new Peer("g", true);
  private static final Peer PRODUCT = new Peer("p2", false);
  private static final Peer USERS = new Peer("u", false);

  private static long at(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }

  private static CutOffDetector service() {
    return new CutOffDetector(false, BOUND_MS, FORGET_MS);
  }

  @Test
  void aJvmThatNeverHadPeersIsNotCutOff() {
    CutOffDetector detector = service();
    assertThat(detector.observe(Set.of(), at(0))).isEqualTo(Change.NONE);
    assertThat(detector.observe(Set.of(), at(120_000))).isEqualTo(Change.NONE);
    assertThat(detector.cutOff()).isFalse();
    assertThat(detector.live(at(120_000))).isTrue();
  }

  @Test
  void everyOtherMemberLeavingWithoutAGoodbyeCutsOffAndAnyMemberBackRejoins() {
    // a gateway JVM, which the split-from-the-gateways rule does not concern
    CutOffDetector detector = new CutOffDetector(true, BOUND_MS, FORGET_MS);
    detector.observe(Set.of(new Peer("g2", true), PRODUCT, USERS), at(0));
    // an expelled JVM sees the others go one by one
    assertThat(detector.observe(Set.of(new Peer("g2", true), USERS), at(1_000))).isEqualTo(Change.NONE);
    assertThat(detector.observe(Set.of(USERS), at(1_100))).isEqualTo(Change.NONE);
    assertThat(detector.observe(Set.of(), at(1_200))).isEqualTo(Change.CUT_OFF);
    assertThat(detector.cutOff()).isTrue();
    assertThat(detector.reason()).startsWith("alone");
    assertThat(detector.cutOffMillis(at(6_200))).isEqualTo(5_000);
    assertThat(detector.observe(Set.of(), at(5_000))).isEqualTo(Change.NONE);
    assertThat(detector.observe(Set.of(new Peer("g2", true), PRODUCT, USERS), at(9_000))).isEqualTo(Change.REJOINED);
    assertThat(detector.cutOff()).isFalse();
    assertThat(detector.cutOffMillis(at(9_000))).isZero();
  }

  @Test
  void membersThatSayGoodbyeLeaveNoOneCutOff() {
    CutOffDetector detector = service();
    detector.observe(Set.of(PRODUCT), at(0));
    detector.goodbye(PRODUCT.nodeId());
    // still listed while it drains
    assertThat(detector.observe(Set.of(PRODUCT), at(500))).isEqualTo(Change.NONE);
    assertThat(detector.observe(Set.of(), at(2_000))).isEqualTo(Change.NONE);
    assertThat(detector.cutOff()).isFalse();
  }

  @Test
  void aGoodbyeHeardAfterTheMemberLeftEndsTheCutOffItCaused() {
    CutOffDetector detector = service();
    detector.observe(Set.of(PRODUCT), at(0));
    assertThat(detector.observe(Set.of(), at(100))).isEqualTo(Change.CUT_OFF);
    detector.goodbye(PRODUCT.nodeId());
    assertThat(detector.observe(Set.of(), at(200))).isEqualTo(Change.REJOINED);
  }

  @Test
  void aCutOffLongerThanTheBoundIsNotLiveAndRejoiningMakesItLiveAgain() {
    CutOffDetector detector = new CutOffDetector(false, 5_000, FORGET_MS);
    detector.observe(Set.of(PRODUCT), at(0));
    detector.observe(Set.of(), at(1_000));
    assertThat(detector.live(at(6_000))).isTrue();
    assertThat(detector.live(at(6_001))).isFalse();
    // still cut off long after: the departure is not forgotten while cut off
    assertThat(detector.observe(Set.of(), at(600_000))).isEqualTo(Change.NONE);
    assertThat(detector.live(at(600_000))).isFalse();
    detector.observe(Set.of(PRODUCT), at(601_000));
    assertThat(detector.live(at(601_000))).isTrue();
  }

  @Test
  void aLoneGatewayGoingAwayDoesNotCutOffTheServicesThatStayTogether() {
    CutOffDetector detector = service();
    detector.observe(Set.of(GATEWAY, PRODUCT, USERS), at(0));
    assertThat(detector.observe(Set.of(PRODUCT, USERS), at(1_000))).isEqualTo(Change.NONE);
    assertThat(detector.cutOff()).isFalse();
  }

  @Test
  void aServiceSplitFromTheGatewaysWithOtherMembersIsCutOffEvenIfNotAlone() {
    CutOffDetector detector = service();
    detector.observe(Set.of(GATEWAY, PRODUCT, USERS), at(0));
    assertThat(detector.observe(Set.of(USERS, PRODUCT), at(1_000))).isEqualTo(Change.NONE);
    assertThat(detector.observe(Set.of(USERS), at(2_000))).isEqualTo(Change.CUT_OFF);
    assertThat(detector.reason()).startsWith("split from the gateways");
    assertThat(detector.observe(Set.of(USERS, GATEWAY, PRODUCT), at(8_000))).isEqualTo(Change.REJOINED);
  }

  @Test
  void aJvmThatRunsAGatewayIsNeverSplitFromTheGateways() {
    CutOffDetector detector = new CutOffDetector(true, BOUND_MS, FORGET_MS);
    detector.observe(Set.of(new Peer("g2", true), PRODUCT, USERS), at(0));
    assertThat(detector.observe(Set.of(USERS), at(1_000))).isEqualTo(Change.NONE);
    assertThat(detector.cutOff()).isFalse();
  }

  @Test
  void departuresLongApartAreSeparateCrashesNotASplit() {
    CutOffDetector detector = service();
    detector.observe(Set.of(GATEWAY, PRODUCT, USERS), at(0));
    detector.observe(Set.of(GATEWAY, USERS), at(1_000));
    // the product JVM's crash is forgotten before the gateway goes
    assertThat(detector.observe(Set.of(USERS), at(1_000 + FORGET_MS + 1))).isEqualTo(Change.NONE);
    assertThat(detector.cutOff()).isFalse();
  }
}
