package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.health.ReadinessResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessReportTest {

  @Test
  void aGatewayWithoutTheUserServiceSaysSoAndWhatIsReady() {
    ReadinessResult result = new ReadinessResult(false, List.of("user-discovered"),
        List.of("cluster-member", "product-discovered"));

    assertThat(ReadinessReport.notReadyLine(result)).startsWith("Emporium NOT ready: user service not discovered;"
        + " ready: member of the cluster, product service discovered (/api/health/ready answers 503 until then");
  }

  @Test
  void theReadyLineSaysWhatHoldsAndWhenWhenItCameLate() {
    ReadinessResult result = new ReadinessResult(true, List.of(), List.of("product-store", "product-published"));

    assertThat(ReadinessReport.readyLine(result, -1))
        .isEqualTo("Emporium ready: product store reachable, product instance published in discovery");
    assertThat(ReadinessReport.readyLine(result, 4_250)).endsWith("discovery (4.3 s after start)");
  }

  @Test
  void everyCheckNameReadsAsWords() {
    assertThat(ReadinessReport.phrase("user-store", false)).isEqualTo("user store not reachable");
    assertThat(ReadinessReport.phrase("cluster-member", false)).isEqualTo("not a member of the cluster");
    assertThat(ReadinessReport.phrase("draining", false)).isEqualTo("shutting down");
  }
}
