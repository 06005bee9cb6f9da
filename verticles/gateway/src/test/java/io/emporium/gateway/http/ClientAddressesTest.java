package io.emporium.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8"));

  @Test
  void withoutTrustedProxiesThePeerIsTheClientWhateverItSays() {
    ClientAddresses none = new ClientAddresses(List.of());
    assertThat(none.resolve("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
  }

  @Test
  void aPeerThatIsNotTrustedIsNotBelieved() {
    assertThat(behindProxies.resolve("198.51.100.4", List.of("203.0.113.9"))).isEqualTo("198.51.100.4");
  }

  @Test
  void theClientIsTheFirstAddressFromTheRightThatIsNotAProxy() {
    assertThat(behindProxies.resolve("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
    // Two proxies: the edge (192.0.2.7) appended what connected to it; the client's own claim is ignored.
    assertThat(behindProxies.resolve("10.1.2.3", List.of("1.2.3.4, 203.0.113.9, 192.0.2.7"))).isEqualTo("203.0.113.9");
    // Several headers count as one list, in order.
    assertThat(behindProxies.resolve("10.1.2.3", List.of("1.2.3.4", "203.0.113.9,10.9.9.9"))).isEqualTo("203.0.113.9");
    assertThat(behindProxies.resolve("fd00::1", List.of("2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
  }

  @Test
  void aChainOfProxiesOnlyEndsAtItsLeftmostAddress() {
    assertThat(behindProxies.resolve("10.1.2.3", List.of("10.4.4.4, 192.0.2.7"))).isEqualTo("10.4.4.4");
  }

  @Test
  void somethingThatIsNotAnAddressStopsTheWalkAtTheLastProxy() {
    assertThat(behindProxies.resolve("10.1.2.3", List.of("203.0.113.9, unknown"))).isEqualTo("10.1.2.3");
    assertThat(behindProxies.resolve("10.1.2.3", List.of("evil.example.org, 10.5.5.5"))).isEqualTo("10.5.5.5");
    assertThat(behindProxies.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
  }
}
