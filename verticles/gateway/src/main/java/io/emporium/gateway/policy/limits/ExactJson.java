package io.emporium.gateway.policy.limits;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;

/**
 * Decodes a JSON body as Vert.x does (same parser, same limits, objects and arrays as
 * {@link JsonObject} and {@link JsonArray}, whole numbers as Integer, Long or BigInteger), except that
 * a number with a fraction or an exponent is a {@link java.math.BigDecimal} of its exact decimal text,
 * never a double: {@code 49.9} stays 49.9 and {@code 0.30000000000000004} stays what was sent.
 */
final class ExactJson {
  private ExactJson() {}

  static Object decode(Buffer body) {
    try (JsonParser parser = JacksonCodec.createParser(body)) {
      parser.nextToken();
      Object value = value(parser);
      if (parser.nextToken() != null) {
        throw new DecodeException("Unexpected trailing token");
      }
      return value;
    } catch (IOException e) {
      throw new DecodeException(e.getMessage(), e);
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new DecodeException("no JSON value");
    }
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new DecodeException("Unexpected token " + token);
    };
  }

  private static JsonObject object(JsonParser parser) throws IOException {
    JsonObject object = new JsonObject();
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      parser.nextToken();
      object.put(name, value(parser));
    }
    return object;
  }

  private static JsonArray array(JsonParser parser) throws IOException {
    JsonArray array = new JsonArray();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(value(parser));
    }
    return array;
  }
}
