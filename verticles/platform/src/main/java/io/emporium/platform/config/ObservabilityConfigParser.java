package io.emporium.platform.config;

import io.emporium.platform.config.EmporiumConfig.LogFormat;
import io.emporium.platform.config.EmporiumConfig.ObservabilitySettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The metrics, management, tracing and logging keys; problems go through the parser, naming the key. */
final class ObservabilityConfigParser {
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  private static final Pattern LOGGER_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

  private final ConfigParser parser;

  ObservabilityConfigParser(ConfigParser parser) {
    this.parser = parser;
  }

  ObservabilitySettings parse() {
    return new ObservabilitySettings(
        parser.bool(ConfigKey.METRICS_ENABLED),
        parser.intIn(ConfigKey.MANAGEMENT_PORT, 0, 65_535),
        parser.bool(ConfigKey.TRACING_ENABLED),
        otlpEndpoint(),
        parser.ratio(ConfigKey.TRACING_SAMPLE_RATIO),
        parser.parseEnum(ConfigKey.LOG_FORMAT, LogFormat.class),
        logLevels());
  }

  private Optional<String> otlpEndpoint() {
    Optional<String> endpoint = parser.optional(ConfigKey.TRACING_OTLP_ENDPOINT);
    endpoint.ifPresent(url -> {
      try {
        URI uri = new URI(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          parser.problem(ConfigKey.TRACING_OTLP_ENDPOINT, "must be an http(s) URL, e.g. http://collector:4318/v1/traces");
        }
      } catch (URISyntaxException e) {
        parser.problem(ConfigKey.TRACING_OTLP_ENDPOINT, "is not a valid URL");
      }
    });
    return endpoint;
  }

  /** {@code io.emporium=DEBUG,com.hazelcast=WARN}: every entry a logger name and a level. */
  private Map<String, String> logLevels() {
    Map<String, String> levels = new LinkedHashMap<>();
    for (String entry : parser.value(ConfigKey.LOG_LEVELS).split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      String logger = eq < 0 ? "" : trimmed.substring(0, eq).trim();
      String level = eq < 0 ? "" : trimmed.substring(eq + 1).trim().toUpperCase(Locale.ROOT);
      if (!(LOGGER_NAME.matcher(logger).matches() || "ROOT".equalsIgnoreCase(logger)) || !LEVELS.contains(level)) {
        parser.problem(ConfigKey.LOG_LEVELS, "entry '" + trimmed
            + "' must look like package=LEVEL, LEVEL one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        continue;
      }
      levels.put(logger, level);
    }
    return levels;
  }
}
