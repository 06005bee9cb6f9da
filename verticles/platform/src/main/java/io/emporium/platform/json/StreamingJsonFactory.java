package io.emporium.platform.json;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Vert.x's JSON codec for every JsonObject and JsonArray of the JVM (encode, decode, the bus's wire
 * form): the streaming Jackson codec. Vert.x picks its databind codec whenever jackson-databind is on
 * the class path (here it is, for other libraries), which writes a JsonObject through ObjectMapper's
 * serializer lookups; encoding the reply was the largest JSON cost of the uncached GET. Emporium maps no
 * POJO through Vert.x's JSON (the one thing only the databind codec does), so nothing else changes.
 */
public final class StreamingJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0; // before Vert.x's own factory (Integer.MAX_VALUE)
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
