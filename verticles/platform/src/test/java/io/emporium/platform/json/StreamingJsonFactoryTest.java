package io.emporium.platform.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What Emporium puts in JSON encodes and decodes with the streaming codec as it did with databind's. */
class StreamingJsonFactoryTest {
  @Test
  void whatEmporiumPutsInJsonEncodesAndDecodesAsBefore() {
    JsonObject product = new JsonObject().put("id", "p-1").put("price", new JsonObject().put("amount", "49.90"))
        .put("exact", new BigDecimal("49.90")).put("stock", 3L).put("ratio", 0.5).put("featured", true)
        .put("tags", new JsonArray().add("a").addNull()).put("at", Instant.parse("2026-12-05T10:00:00Z"))
        .putNull("gone");

    Buffer encoded = product.toBuffer();

    assertThat(encoded.toString()).isEqualTo("{\"id\":\"p-1\",\"price\":{\"amount\":\"49.90\"},\"exact\":49.90,"
        + "\"stock\":3,\"ratio\":0.5,\"featured\":true,\"tags\":[\"a\",null],\"at\":\"2026-12-05T10:00:00Z\",\"gone\":null}");
    JsonObject decoded = new JsonObject(encoded);
    assertThat(decoded.getInteger("stock")).isEqualTo(3);
    assertThat(decoded.getDouble("ratio")).isEqualTo(0.5);
    assertThat(decoded.getJsonArray("tags").getList()).containsExactly("a", null);
    assertThat(decoded.getInstant("at")).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
  }
}
