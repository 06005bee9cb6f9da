package io.emporium.platform.config;

import java.util.Optional;

/**
 * What a {@link ConfigSection} reads the raw values with. Each check that fails is recorded as a
 * problem naming the key and returns a stand-in value, so that one start reports every problem at once.
 */
public interface ConfigReader {

  /** The raw value, trimmed; empty when the key has none. */
  String value(ConfigKey key);

  Optional<String> optional(ConfigKey key);

  String nonBlank(ConfigKey key);

  int intIn(ConfigKey key, int min, int max);

  /** A share between 0 and 1 (inclusive), written as a decimal number. */
  double ratio(ConfigKey key);

  boolean bool(ConfigKey key);

  <E extends Enum<E>> E parseEnum(ConfigKey key, Class<E> type);

  /** Records a problem of the key: {@code text} follows the key and its environment variable. */
  void problem(ConfigKey key, String text);
}
