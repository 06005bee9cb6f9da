package io.emporium.platform.config;

/**
 * The settings of one module, read by the module that owns them, so that the platform's configuration
 * knows no module's settings. Implementations are found with {@link java.util.ServiceLoader}: a module
 * lists its own in {@code META-INF/services/io.emporium.platform.config.ConfigSection}, and the launcher's
 * jar and each module's tests read the sections on their class path. The keys stay in {@link ConfigKey}.
 *
 * @param <T> the settings this section reads; callers ask for them by this type
 */
public interface ConfigSection<T> {

  /** The type of the settings, under which {@link EmporiumConfig#section} finds them. */
  Class<T> type();

  /**
   * Reads the section within the parser's run: problems go through {@code reader}, and the run fails
   * with all of them after every section was read.
   *
   * @param config the configuration of the platform's own keys, without sections (it may hold
   *     stand-in values where those keys had problems)
   */
  T read(ConfigReader reader, EmporiumConfig config);
}
