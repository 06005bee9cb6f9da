package io.emporium.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Headers;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ServiceRequestTest {
  @Test
  void controlCharactersAreRemovedLikeTheCntrlClass() {
    String every = "a\u0000b\u001fc\u007fd\te\r\nf\u0080g";
    // \p{Cntrl} is [\x00-\x1F\x7F]: \u0080 stays.
    assertThat(ServiceRequest.withoutControls(every)).isEqualTo(every.replaceAll("\\p{Cntrl}", ""));
    assertThat(ServiceRequest.withoutControls("curl/8.5.0")).isSameAs("curl/8.5.0");
  }

  @Test
  void theClientAddressAndUserAgentArriveCleanAndClipped() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add(Headers.USER_AGENT, " agent\u0007/1 " + "x".repeat(1000))
        .add(Headers.CLIENT_IP, "\u0000\u0001");
    ServiceRequest request = ServiceRequest.of(new JsonObject(), headers);

    assertThat(request.userAgent()).hasValueSatisfying(agent -> {
      assertThat(agent).startsWith("agent/1 x").doesNotContain("\u0007");
      assertThat(agent.length()).isLessThan(1000);
    });
    assertThat(request.clientIp()).isEmpty();
  }
}
