package io.emporium.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSizeTest {
  /** The size it must agree with: the compact encoding in UTF-8. */
  private static int encoded(Object value) {
    String text = value instanceof JsonObject o ? o.encode() : value instanceof JsonArray a ? a.encode()
        : new JsonArray().add(value).encode().replaceAll("^\\[|\\]$", "");
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void assertSizeIsExactly(Object value) {
    int size = encoded(value);
    assertThat(JsonSize.exceeds(value, size)).as("%s within %d bytes", value, size).isFalse();
    assertThat(JsonSize.exceeds(value, size - 1)).as("%s over %d bytes", value, size - 1).isTrue();
  }

  @Test
  void countsTheBytesOfTheCompactUtf8Encoding() {
    assertSizeIsExactly(new JsonObject());
    assertSizeIsExactly(new JsonArray());
    assertSizeIsExactly(new JsonObject().put("id", "6f1c"));
    assertSizeIsExactly(new JsonObject().put("name", "Café crème ☕ 𝄞").put("n", 12).put("price", 12.5)
        .put("ok", true).put("none", (Object) null));
    assertSizeIsExactly(new JsonObject().put("items", new JsonArray().add(new JsonObject().put("op", "create")
        .put("tags", new JsonArray().add("a").add("bc"))).add(3).add(new JsonArray())).put("nested",
        new JsonObject().put("deeper", new JsonObject().put("k", "v"))));
  }

  @Test
  void aLongStringIsMeasuredWithoutEncodingIt() {
    JsonObject huge = new JsonObject().put("a", "x".repeat(10_000_000));
    // One byte per character is already over: the string is not scanned character by character.
    assertThat(JsonSize.exceeds(huge, 1_000)).isTrue();
    assertThat(JsonSize.exceeds(huge, 20_000_000)).isFalse();
  }
}
