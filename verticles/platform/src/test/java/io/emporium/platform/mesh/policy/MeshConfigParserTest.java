package io.emporium.platform.mesh.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.emporium.contract.ServiceName;
import io.emporium.platform.config.ConfigException;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.TestConfigs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeshConfigParserTest {

  private static String problems(Map<ConfigKey, String> overrides) {
    ConfigException refused = catchThrowableOfType(ConfigException.class, () -> TestConfigs.with(overrides));
    assertThat(refused).as("configuration accepted: " + overrides).isNotNull();
    return refused.getMessage();
  }

  @Test
  void shippedDefaultsAreWhatTheMeshAssumesWithoutConfiguration() {
    EmporiumConfig config = TestConfigs.with(Map.of());
    assertThat(MeshSettings.of(config)).isEqualTo(MeshSettings.defaults(config.timeouts().busMs()));
    assertThat(MeshSettings.of(config).health().timeoutMs()).isEqualTo(config.timeouts().healthMs());
  }

  @Test
  void keysAndPerServicePoliciesAreRead() {
    EmporiumConfig config = TestConfigs.with(Map.of(
        ConfigKey.MESH_STRATEGY, "least-connections",
        ConfigKey.MESH_RETRY_BUDGET_PERCENT, "10",
        ConfigKey.MESH_BREAKER_FAILURE_THRESHOLD, "7",
        ConfigKey.MESH_POLICIES, "{\"product\":{\"strategy\":\"weighted\",\"split\":{\"1.0.0\":90,\"2.0.0\":10}}}"));
    MeshSettings mesh = MeshSettings.of(config);
    assertThat(mesh.policyFor(ServiceName.USER).strategy()).isEqualTo(Strategy.LEAST_CONNECTIONS);
    assertThat(mesh.policyFor(ServiceName.PRODUCT).strategy()).isEqualTo(Strategy.WEIGHTED);
    assertThat(mesh.policyFor(ServiceName.PRODUCT).split().orElseThrow().weights()).containsEntry("2.0.0", 10);
    // A per-service document starts from the keys.
    assertThat(mesh.policyFor(ServiceName.PRODUCT).retry().budgetPercent()).isEqualTo(10);
    assertThat(mesh.policyFor(ServiceName.PRODUCT).breaker().failureThreshold()).isEqualTo(7);
  }

  @Test
  void badValuesStopTheStartNamingTheKey() {
    assertThat(problems(Map.of(ConfigKey.MESH_STRATEGY, "random")))
        .contains("mesh.strategy (EMPORIUM_MESH_STRATEGY) must be one of [round-robin, least-connections, weighted,");
    assertThat(problems(Map.of(ConfigKey.MESH_RETRY_MAX_ATTEMPTS, "0")))
        .contains("mesh.retry.max-attempts (EMPORIUM_MESH_RETRY_MAX_ATTEMPTS) must be between 1 and 10, got 0");
    assertThat(problems(Map.of(ConfigKey.MESH_RETRY_BUDGET_PERCENT, "twenty")))
        .contains("mesh.retry.budget-percent (EMPORIUM_MESH_RETRY_BUDGET_PERCENT) must be a whole number");
    assertThat(problems(Map.of(ConfigKey.MESH_RETRY_BASE_DELAY_MS, "100", ConfigKey.MESH_RETRY_MAX_DELAY_MS, "10")))
        .contains("mesh.retry.max-delay-ms (EMPORIUM_MESH_RETRY_MAX_DELAY_MS) must not be below");
    assertThat(problems(Map.of(ConfigKey.MESH_BREAKER_RESET_TIMEOUT_MS, "1")))
        .contains("mesh.breaker.reset-timeout-ms (EMPORIUM_MESH_BREAKER_RESET_TIMEOUT_MS)");
    assertThat(problems(Map.of(ConfigKey.MESH_HEALTH_INTERVAL_MS, "0")))
        .contains("mesh.health.interval-ms (EMPORIUM_MESH_HEALTH_INTERVAL_MS)");
    assertThat(problems(Map.of(ConfigKey.MESH_OUTLIER_BASE_EJECTION_MS, "5000",
        ConfigKey.MESH_OUTLIER_MAX_EJECTION_MS, "1000")))
        .contains("mesh.outlier.max-ejection-ms (EMPORIUM_MESH_OUTLIER_MAX_EJECTION_MS) must not be below");
  }

  @Test
  void badPerServicePoliciesNameTheKeyTheServiceAndTheField() {
    assertThat(problems(Map.of(ConfigKey.MESH_POLICIES, "{not json")))
        .contains("mesh.policies (EMPORIUM_MESH_POLICIES) must be a JSON object");
    assertThat(problems(Map.of(ConfigKey.MESH_POLICIES, "{\"cart\":{}}")))
        .contains("mesh.policies (EMPORIUM_MESH_POLICIES) names unknown service 'cart'");
    assertThat(problems(Map.of(ConfigKey.MESH_POLICIES, "{\"product\":{\"retry\":{\"maxAttempts\":99}}}")))
        .contains("mesh.policies (EMPORIUM_MESH_POLICIES) product.retry.maxAttempts: retry.maxAttempts must be between");
    assertThat(problems(Map.of(ConfigKey.MESH_POLICIES, "{\"user\":{\"split\":{\"1.0.0\":60}}}")))
        .contains("user.split: split weights must add up to 100, got 60");
  }
}
