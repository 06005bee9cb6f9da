package io.emporium.platform.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** Builds a validated configuration for tests: the shipped defaults plus the given overrides. */
public final class TestConfigs {
  private TestConfigs() {}

  /** Tests start with an empty catalogue unless they ask for the demo one (the shipped default is {@code auto}). */
  public static EmporiumConfig with(Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigLoader.resolve(defaults(), Map.of()));
    values.put(ConfigKey.CATALOGUE_DEMO, "false");
    values.putAll(overrides);
    return ConfigParser.parse(values);
  }

  public static JsonObject defaults() {
    try (InputStream in = TestConfigs.class.getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS_PATH)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
