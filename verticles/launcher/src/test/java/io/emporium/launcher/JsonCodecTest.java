package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.Json;
import io.vertx.core.json.jackson.JacksonCodec;
import org.junit.jupiter.api.Test;

/** On the system's class path, where jackson-databind is (Vert.x would then pick its databind codec). */
class JsonCodecTest {
  @Test
  void vertxUsesTheStreamingCodecThoughDatabindIsOnTheClassPath() throws Exception {
    Class.forName("com.fasterxml.jackson.databind.ObjectMapper");
    assertThat(Json.CODEC.getClass()).isEqualTo(JacksonCodec.class);
  }
}
