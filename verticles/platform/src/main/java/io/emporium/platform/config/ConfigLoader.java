package io.emporium.platform.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the configuration with vertx-config, lowest precedence first: {@code conf/emporium.json}
 * (the defaults, also inside the jar), an optional JSON file ({@code --config=FILE} or
 * {@code EMPORIUM_CONFIG_FILE}), environment variables ({@code EMPORIUM_HTTP_PORT}, ...), and
 * command-line arguments ({@code --http.port=9090}).
 */
public final class ConfigLoader {
  public static final String DEFAULTS_PATH = "conf/emporium.json";
  public static final String CONFIG_FILE_ENV = "EMPORIUM_CONFIG_FILE";
  private static final Map<String, ConfigKey> BY_KEY =
      Arrays.stream(ConfigKey.values()).collect(Collectors.toMap(ConfigKey::key, Function.identity()));

  private ConfigLoader() {}

  /** Loads and validates; fails with {@link ConfigException} naming each bad key. */
  public static Future<EmporiumConfig> load(Vertx vertx, Map<String, String> cliArgs, Map<String, String> env) {
    Map<String, String> cli = new java.util.HashMap<>(cliArgs);
    Optional<String> configFile = Optional.ofNullable(cli.remove("config"))
        .or(() -> Optional.ofNullable(env.get(CONFIG_FILE_ENV)).filter(f -> !f.isBlank()));
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(-1)
        .addStore(fileStore(DEFAULTS_PATH, false));
    configFile.ifPresent(f -> options.addStore(fileStore(f, false)));
    options.addStore(new ConfigStoreOptions().setType("env").setConfig(new JsonObject()
        .put("raw-data", true)
        .put("keys", new JsonArray(Arrays.stream(ConfigKey.values()).map(ConfigKey::envName).toList()))));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new ConfigException(List.of(
            "cannot read configuration" + configFile.map(f -> " file '" + f + "'").orElse("") + ": "
                + rootMessage(e)))))
        .eventually(() -> {
          retriever.close();
          return Future.succeededFuture();
        })
        .map(merged -> ConfigParser.parse(resolve(merged, cli)));
  }

  /**
   * The value of each key: command line, else environment variable, else file or default. Unknown
   * keys in files or on the command line are refused, since a typo would otherwise be ignored.
   */
  static Map<ConfigKey, String> resolve(JsonObject merged, Map<String, String> cli) {
    List<String> problems = new ArrayList<>();
    Map<String, ConfigKey> byEnvName =
        Arrays.stream(ConfigKey.values()).collect(Collectors.toMap(ConfigKey::envName, Function.identity()));
    for (String name : merged.fieldNames()) {
      if (!BY_KEY.containsKey(name) && !byEnvName.containsKey(name)) {
        problems.add("unknown configuration key '" + name + "'");
      }
    }
    for (String name : cli.keySet()) {
      if (!BY_KEY.containsKey(name)) {
        problems.add("unknown command-line option '--" + name + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      Object value = cli.containsKey(key.key()) ? cli.get(key.key())
          : merged.containsKey(key.envName()) ? merged.getValue(key.envName())
          : merged.getValue(key.key());
      values.put(key, value == null ? "" : String.valueOf(value));
    }
    return values;
  }

  /** {@code --http.port=9090 --roles=gateway} -> map; anything else is refused. */
  public static Map<String, String> parseArgs(String[] args) {
    Map<String, String> parsed = new java.util.LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 3) {
        problems.add("argument '" + arg + "' must look like --key=value (e.g. --http.port=9090)");
        continue;
      }
      parsed.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return parsed;
  }

  private static ConfigStoreOptions fileStore(String path, boolean optional) {
    return new ConfigStoreOptions().setType("file").setFormat("json").setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
