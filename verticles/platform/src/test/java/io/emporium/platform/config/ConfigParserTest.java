package io.emporium.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.config.EmporiumConfig.Profile;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

  private static JsonObject defaults() {
    return TestConfigs.defaults();
  }

  private static Map<ConfigKey, String> defaultsWith(Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigLoader.resolve(defaults(), Map.of()));
    values.putAll(overrides);
    return values;
  }

  @Test
  void defaultsFileListsExactlyTheKnownKeys() {
    Set<String> known = Arrays.stream(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.toSet());
    assertThat(defaults().fieldNames()).containsExactlyInAnyOrderElementsOf(known);
  }

  @Test
  void theSectionsOfTheModulesAreReportedInTheSameRunAsThePlatformsKeys() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.HTTP_PORT, "eighty",
        ConfigKey.MESH_STRATEGY, "random"))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2))
        .hasMessageContaining("http.port (EMPORIUM_HTTP_PORT)")
        .hasMessageContaining("mesh.strategy (EMPORIUM_MESH_STRATEGY)");
  }

  @Test
  void askingForASectionThatNoModuleOnTheClassPathReadsNamesIt() {
    EmporiumConfig config = ConfigParser.parse(defaultsWith(Map.of()));
    assertThat(config.section(io.emporium.platform.mesh.policy.MeshSettings.class)).isNotNull();
    assertThatThrownBy(() -> config.section(Runnable.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no configuration section reads java.lang.Runnable")
        .hasMessageContaining("META-INF/services/io.emporium.platform.config.ConfigSection");
  }

  @Test
  void defaultsGiveTheZeroSetupMode() {
    EmporiumConfig config = ConfigParser.parse(defaultsWith(Map.of()));
    assertThat(config.profile()).isEqualTo(Profile.DEV);
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.store().kind()).isEqualTo(StoreKind.MEMORY);
    assertThat(config.roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(config.redisUrl()).isEmpty();
    assertThat(config.admin()).isEmpty();
    assertThat(config.cluster().enabled()).isFalse();
    assertThat(config.jwt().generated()).isTrue();
    assertThat(config.jwt().secret().value()).hasSizeGreaterThanOrEqualTo(ConfigParser.MIN_JWT_SECRET_LENGTH);
  }

  @Test
  void gatewayInstancesDefaultToTheProcessorsAndTakeANumberOrCores() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(ConfigParser.parse(defaultsWith(Map.of())).instances().get(Role.GATEWAY)).isEqualTo(cores);
    assertThat(ConfigParser.parse(defaultsWith(Map.of(ConfigKey.INSTANCES_GATEWAY, "3"))).instances().get(Role.GATEWAY))
        .isEqualTo(3);
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.INSTANCES_GATEWAY, "all"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("instances.gateway");
    assertThat(ConfigParser.parse(defaultsWith(Map.of(ConfigKey.TRACING_SAMPLE_RATIO, "0.25"))).observability()
        .sampleRatio()).isEqualTo(0.25);
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.TRACING_SAMPLE_RATIO, "1.5"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tracing.sample-ratio");
  }

  @Test
  void theServicesRequestLimitIsNeverBelowTheGatewaysBodyLimit() {
    assertThat(ConfigParser.parse(defaultsWith(Map.of())).instance().maxRequestBytes()).isEqualTo(2 * 1024 * 1024);
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.BUS_MAX_REQUEST_BYTES, "500000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bus.max-request-bytes (EMPORIUM_BUS_MAX_REQUEST_BYTES) must be at least"
            + " http.max-body-bytes (1048576), got 500000");
  }

  @Test
  void generatedJwtSecretDiffersOnEveryStart() {
    String first = ConfigParser.parse(defaultsWith(Map.of())).jwt().secret().value();
    String second = ConfigParser.parse(defaultsWith(Map.of())).jwt().secret().value();
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(ConfigKey.HTTP_PORT.envName()).isEqualTo("EMPORIUM_HTTP_PORT");
    assertThat(ConfigKey.STORE.envName()).isEqualTo("EMPORIUM_STORE");
    assertThat(ConfigKey.PG_URL.envName()).isEqualTo("EMPORIUM_PG_URL");
    assertThat(ConfigKey.REDIS_URL.envName()).isEqualTo("EMPORIUM_REDIS_URL");
    assertThat(ConfigKey.JWT_SECRET.envName()).isEqualTo("EMPORIUM_JWT_SECRET");
    assertThat(ConfigKey.ADMIN_EMAIL.envName()).isEqualTo("EMPORIUM_ADMIN_EMAIL");
    assertThat(ConfigKey.ADMIN_PASSWORD.envName()).isEqualTo("EMPORIUM_ADMIN_PASSWORD");
    assertThat(ConfigKey.METRICS_TOKEN.envName()).isEqualTo("EMPORIUM_METRICS_TOKEN");
    assertThat(ConfigKey.PG_POOL_SIZE.envName()).isEqualTo("EMPORIUM_PG_POOL_SIZE");
  }

  @Test
  void environmentBeatsFileAndCommandLineBeatsEnvironment() {
    JsonObject merged = defaults().put("http.port", 7000).put("EMPORIUM_HTTP_PORT", "7001").put("EMPORIUM_STORE", "memory");
    Map<ConfigKey, String> fromEnv = ConfigLoader.resolve(merged, Map.of());
    assertThat(fromEnv.get(ConfigKey.HTTP_PORT)).isEqualTo("7001");
    Map<ConfigKey, String> fromCli = ConfigLoader.resolve(merged, Map.of("http.port", "7002"));
    assertThat(fromCli.get(ConfigKey.HTTP_PORT)).isEqualTo("7002");
  }

  @Test
  void unknownKeysAreRefusedNotIgnored() {
    assertThatThrownBy(() -> ConfigLoader.resolve(defaults().put("htp.port", 1), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("htp.port");
    assertThatThrownBy(() -> ConfigLoader.resolve(defaults(), Map.of("sotre", "memory")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--sotre");
  }

  @Test
  void badPortUnknownStoreAndMalformedUrlsAreAllReportedAtOnce() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(
        ConfigKey.HTTP_PORT, "99999",
        ConfigKey.STORE, "mongo",
        ConfigKey.REDIS_URL, "http://nope",
        ConfigKey.PG_URL, "not a url"))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4))
        .hasMessageContaining("http.port (EMPORIUM_HTTP_PORT) must be between 0 and 65535, got 99999")
        .hasMessageContaining("store (EMPORIUM_STORE) must be one of [memory, postgres], got 'mongo'")
        .hasMessageContaining("redis.url (EMPORIUM_REDIS_URL)")
        .hasMessageContaining("pg.url (EMPORIUM_PG_URL)");
  }

  @Test
  void portThatIsNotANumberNamesTheKey() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.HTTP_PORT, "eighty"))))
        .hasMessageContaining("http.port (EMPORIUM_HTTP_PORT) must be a whole number, got 'eighty'");
  }

  @Test
  void productionRefusesToStartWithoutSecretAndPostgres() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.PROFILE, "production"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("EMPORIUM_JWT_SECRET")
        .hasMessageContaining("store (EMPORIUM_STORE) must be 'postgres'");
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.PROFILE, "production",
        ConfigKey.STORE, "postgres", ConfigKey.JWT_SECRET, "x".repeat(40)))))
        .hasMessageContaining("pg.url (EMPORIUM_PG_URL) is required");
  }

  @Test
  void productionStartsWithSecretAndPostgres() {
    EmporiumConfig config = ConfigParser.parse(defaultsWith(Map.of(ConfigKey.PROFILE, "production",
        ConfigKey.STORE, "postgres", ConfigKey.JWT_SECRET, "Qm3vT9xw2LpZr7Hc4Ns8Kd1Fy6Bj0Ga5",
        ConfigKey.PG_URL, "postgresql://app:pw@db.internal:6543/shop")));
    assertThat(config.jwt().generated()).isFalse();
    EmporiumConfig.PgSettings pg = config.store().pg().orElseThrow();
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/shop");
    assertThat(pg.user()).isEqualTo("app");
    assertThat(pg.password().value()).isEqualTo("pw");
  }

  @Test
  void productionRefusesTheExampleSecretsPlaceholderAndGuessableSecrets() {
    String placeholder = "REPLACE-ME-with-at-least-32-random-characters";
    Map<ConfigKey, String> production = Map.of(ConfigKey.PROFILE, "production", ConfigKey.STORE, "postgres",
        ConfigKey.PG_URL, "postgresql://app@db.internal:5432/shop", ConfigKey.JWT_SECRET, placeholder,
        ConfigKey.CLUSTER_SECRET, "my-super-secret-cluster-key-for-production-2024");
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(production)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jwt.secret (EMPORIUM_JWT_SECRET) is a placeholder")
        .hasMessageContaining("cluster.secret (EMPORIUM_CLUSTER_SECRET) is too easy to guess")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(placeholder));
    // The dev profile takes a made-up secret (tests do), but never the shipped placeholder.
    assertThat(ConfigParser.parse(defaultsWith(Map.of(ConfigKey.JWT_SECRET, "my-super-secret-jwt-key-for-dev-2024")))
        .jwt().generated()).isFalse();
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_SECRET, placeholder))))
        .hasMessageContaining("cluster.secret (EMPORIUM_CLUSTER_SECRET) is a placeholder");
  }

  @Test
  void shortJwtSecretIsRefused() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.JWT_SECRET, "short"))))
        .hasMessageContaining("jwt.secret (EMPORIUM_JWT_SECRET) must be at least 32 characters");
  }

  @Test
  void clusteredGatewayOrUserJvmNeedsASharedSecret() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_ENABLED, "true",
        ConfigKey.ROLES, "gateway"))))
        .hasMessageContaining("jwt.secret (EMPORIUM_JWT_SECRET) is required in a cluster");
    EmporiumConfig productOnly = ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_ENABLED, "true",
        ConfigKey.ROLES, "product", ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET)));
    assertThat(productOnly.jwt().generated()).isTrue();
  }

  private static final String CLUSTER_SECRET = "the-cluster-secret-of-this-test-0123456789";

  @Test
  void serviceInstancesAreOnePerCoreInOneJvmOnePerJvmInAClusterAndTakeCoresOrANumber() {
    int cores = Runtime.getRuntime().availableProcessors();
    EmporiumConfig alone = ConfigParser.parse(defaultsWith(Map.of()));
    for (Role service : List.of(Role.USER, Role.PRODUCT, Role.ORDER)) {
      assertThat(alone.instancesOf(service)).as("%s in one JVM", service).isEqualTo(cores);
    }
    assertThat(alone.eventLoops()).isEqualTo(cores);
    EmporiumConfig clustered = ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_ENABLED, "true",
        ConfigKey.ROLES, "product,user,order", ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET,
        ConfigKey.JWT_SECRET, CLUSTER_SECRET + "-jwt")));
    for (Role service : List.of(Role.USER, Role.PRODUCT, Role.ORDER)) {
      assertThat(clustered.instancesOf(service)).as("%s in a cluster", service).isEqualTo(1);
    }
    EmporiumConfig chosen = ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_ENABLED, "true",
        ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET, ConfigKey.JWT_SECRET, CLUSTER_SECRET + "-jwt", ConfigKey.INSTANCES_PRODUCT, "cores", ConfigKey.INSTANCES_USER, "3",
        ConfigKey.EVENT_LOOPS, "6")));
    assertThat(chosen.instancesOf(Role.PRODUCT)).isEqualTo(cores);
    assertThat(chosen.instancesOf(Role.USER)).isEqualTo(3);
    assertThat(chosen.eventLoops()).isEqualTo(6);
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.INSTANCES_ORDER, "automatic",
        ConfigKey.EVENT_LOOPS, "0"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("instances.order").hasMessageContaining("event-loops");
  }

  @Test
  void everyClusteredJvmNeedsTheClusterSecretThatSignsCallers() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_ENABLED, "true",
        ConfigKey.ROLES, "product"))))
        .hasMessageContaining("cluster.secret (EMPORIUM_CLUSTER_SECRET) is required in a cluster");
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_SECRET, "short"))))
        .hasMessageContaining("cluster.secret (EMPORIUM_CLUSTER_SECRET) must be at least 32 characters");
    EmporiumConfig clustered = ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_ENABLED, "true",
        ConfigKey.ROLES, "product", ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET)));
    assertThat(clustered.cluster().secret().value()).isEqualTo(CLUSTER_SECRET);
    assertThat(clustered.cluster().secret().toString()).doesNotContain(CLUSTER_SECRET);
    EmporiumConfig alone = ConfigParser.parse(defaultsWith(Map.of()));
    EmporiumConfig aloneAgain = ConfigParser.parse(defaultsWith(Map.of()));
    assertThat(alone.cluster().secret().value()).hasSizeGreaterThanOrEqualTo(32)
        .isNotEqualTo(aloneAgain.cluster().secret().value());
  }

  @Test
  void eventBusTlsNeedsReadableStoresAndIsRequiredForAProductionCluster(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path folder) throws Exception {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_TLS_ENABLED, "true",
        ConfigKey.CLUSTER_TLS_TRUSTSTORE, "/nonexistent.p12"))))
        .hasMessageContaining("cluster.tls.keystore (EMPORIUM_CLUSTER_TLS_KEYSTORE) is required when cluster.tls.enabled")
        .hasMessageContaining("cluster.tls.truststore (EMPORIUM_CLUSTER_TLS_TRUSTSTORE) names no readable file");
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_TLS_ENABLED, "maybe"))))
        .hasMessageContaining("cluster.tls.enabled (EMPORIUM_CLUSTER_TLS_ENABLED) must be true or false");
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.PROFILE, "production",
        ConfigKey.CLUSTER_ENABLED, "true", ConfigKey.ROLES, "product", ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET))))
        .hasMessageContaining("cluster.tls.enabled (EMPORIUM_CLUSTER_TLS_ENABLED) must be true for a cluster in the"
            + " production profile");
    java.nio.file.Path keystore = java.nio.file.Files.writeString(folder.resolve("node.p12"), "x");
    java.nio.file.Path truststore = java.nio.file.Files.writeString(folder.resolve("trust.p12"), "x");
    EmporiumConfig tls = ConfigParser.parse(defaultsWith(Map.of(ConfigKey.CLUSTER_TLS_ENABLED, "true",
        ConfigKey.CLUSTER_TLS_KEYSTORE, keystore.toString(), ConfigKey.CLUSTER_TLS_TRUSTSTORE, truststore.toString(),
        ConfigKey.CLUSTER_TLS_KEYSTORE_PASSWORD, "k-secret", ConfigKey.CLUSTER_TLS_TRUSTSTORE_PASSWORD, "t-secret")));
    assertThat(tls.cluster().tls()).hasValueSatisfying(stores -> {
      assertThat(stores.keystore()).isEqualTo(keystore.toString());
      assertThat(stores.keystorePassword().value()).isEqualTo("k-secret");
      assertThat(stores.truststorePassword().value()).isEqualTo("t-secret");
      assertThat(stores.toString()).doesNotContain("k-secret");
    });
    assertThat(ConfigParser.parse(defaultsWith(Map.of())).cluster().tls()).isEmpty();
  }

  @Test
  void keyPairAlgorithmsNeedReadablePemFiles() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.JWT_ALGORITHM, "RS256"))))
        .hasMessageContaining("jwt.public-key-file (EMPORIUM_JWT_PUBLIC_KEY_FILE) is required")
        .hasMessageContaining("jwt.private-key-file (EMPORIUM_JWT_PRIVATE_KEY_FILE) is required");
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.JWT_ALGORITHM, "RS256",
        ConfigKey.ROLES, "gateway", ConfigKey.JWT_PUBLIC_KEY_FILE, "/nonexistent.pem"))))
        .hasMessageContaining("cannot be read: /nonexistent.pem")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("jwt.private-key-file"));
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.JWT_ALGORITHM, "HS999"))))
        .hasMessageContaining("jwt.algorithm (EMPORIUM_JWT_ALGORITHM) must be one of [HS256, RS256, ES256]");
  }

  @Test
  void adminEmailAndPasswordGoTogether() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.ADMIN_EMAIL, "a@b.example"))))
        .hasMessageContaining("must be set together");
  }

  @Test
  void retentionDefaultsToAWeekSweptEveryMinute() {
    EmporiumConfig config = ConfigParser.parse(defaultsWith(Map.of()));
    assertThat(config.retention()).isEqualTo(new EmporiumConfig.RetentionSettings(60_000, 168, 168));
    assertThat(config.retention().outboxRetention()).isEqualTo(java.time.Duration.ofDays(7));
  }

  @Test
  void retentionOfLessThanAnHourOrASweepMoreOftenThanASecondIsRefused() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.OUTBOX_RETENTION_HOURS, "0",
        ConfigKey.AUTH_SESSION_RETENTION_HOURS, "-3", ConfigKey.RETENTION_SWEEP_INTERVAL_MS, "10"))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
        .hasMessageContaining("outbox.retention-hours (EMPORIUM_OUTBOX_RETENTION_HOURS) must be between 1 and 87600, got 0")
        .hasMessageContaining("auth.session-retention-hours (EMPORIUM_AUTH_SESSION_RETENTION_HOURS) must be between 1"
            + " and 87600, got -3")
        .hasMessageContaining("retention.sweep-interval-ms (EMPORIUM_RETENTION_SWEEP_INTERVAL_MS) must be between 1000"
            + " and 86400000, got 10");
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.OUTBOX_RETENTION_HOURS, "a week"))))
        .hasMessageContaining("outbox.retention-hours (EMPORIUM_OUTBOX_RETENTION_HOURS) must be a whole number");
  }

  @Test
  void unknownRoleIsRefused() {
    assertThatThrownBy(() -> ConfigParser.parse(defaultsWith(Map.of(ConfigKey.ROLES, "gateway,billing"))))
        .hasMessageContaining("unknown role 'billing'");
  }

  @Test
  void secretsNeverAppearInToString() {
    EmporiumConfig config = ConfigParser.parse(defaultsWith(Map.of(ConfigKey.ADMIN_EMAIL, "root@shop.example",
        ConfigKey.ADMIN_PASSWORD, "correct horse battery staple", ConfigKey.JWT_SECRET, "j".repeat(40),
        ConfigKey.PG_URL, "postgresql://app:hunter2@127.0.0.1:5432/shop")));
    assertThat(config.toString()).doesNotContain("correct horse", "jjjjjjjj", "hunter2");
  }

  @Test
  void commandLineArgumentsMustLookLikeKeyValue() {
    assertThat(ConfigLoader.parseArgs(new String[] {"--http.port=9090", "--roles=gateway"}))
        .containsEntry("http.port", "9090").containsEntry("roles", "gateway");
    assertThatThrownBy(() -> ConfigLoader.parseArgs(new String[] {"--http.port", "9090"}))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--key=value");
  }
}
