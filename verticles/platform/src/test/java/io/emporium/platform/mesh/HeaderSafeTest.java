package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the mesh passes on of a client's User-Agent: no control character, at most 256 characters. */
class HeaderSafeTest {
  @Test
  void aPlainShortValueIsPassedAsItIs() {
    String agent = "curl/8.5.0";
    assertThat(BusTransport.headerSafe(agent)).isSameAs(agent);
  }

  @Test
  void controlCharactersAreCutAndTheRestKept() {
    assertThat(BusTransport.headerSafe("evil\r\nX-Caller-Id: admin\u0000\u007f\u0085end"))
        .isEqualTo("evilX-Caller-Id: adminend");
  }

  @Test
  void theValueIsCutAt256CharactersAfterTheControlsAreGone() {
    assertThat(BusTransport.headerSafe("a".repeat(300))).hasSize(256);
    String withControls = "\n".repeat(10) + "b".repeat(300);
    assertThat(BusTransport.headerSafe(withControls)).isEqualTo("b".repeat(256));
    assertThat(BusTransport.headerSafe("c".repeat(250) + "\t\t" + "d".repeat(10))).isEqualTo("c".repeat(250) + "d".repeat(6));
  }
}
