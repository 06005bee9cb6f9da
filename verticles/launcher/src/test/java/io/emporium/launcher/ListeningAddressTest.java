package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListeningAddressTest {

  @Test
  void aWildcardHostIsSaidToBindEveryInterface() {
    assertThat(ListeningAddress.describe("0.0.0.0", 8080))
        .startsWith("every interface (0.0.0.0) on port 8080: http://127.0.0.1:8080");
    assertThat(ListeningAddress.describe("::", 8080)).startsWith("every interface (::) on port 8080: ");
  }

  @Test
  void aSpecificHostIsItsOwnAddress() {
    assertThat(ListeningAddress.describe("127.0.0.1", 9090)).isEqualTo("http://127.0.0.1:9090");
    assertThat(ListeningAddress.describe("::1", 9090)).isEqualTo("http://[::1]:9090");
  }
}
