package io.emporium.platform.mesh.policy;

import io.emporium.contract.ServiceException;
import io.emporium.contract.ServiceName;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.ConfigReader;
import io.emporium.platform.mesh.policy.PolicyDocument.Range;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mesh part of the configuration: the policy every service starts with, per-service overrides
 * ({@code mesh.policies}, checked exactly like the policy API checks a document), health checks and
 * outlier ejection. Problems are reported through the reader, naming the key. {@link MeshConfigSection} runs it.
 */
final class MeshConfigParser {
  private final ConfigReader parser;

  MeshConfigParser(ConfigReader parser) {
    this.parser = parser;
  }

  /**
   * @param callTimeoutMs the default timeout of a call ({@code bus.timeout-ms})
   * @param probeTimeoutMs the timeout of each health probe ({@code health.timeout-ms})
   */
  MeshSettings parse(int callTimeoutMs, int probeTimeoutMs) {
    Strategy strategy = strategy();
    RetrySettings retry = new RetrySettings(
        intIn(ConfigKey.MESH_RETRY_MAX_ATTEMPTS, PolicyDocument.MAX_ATTEMPTS),
        intIn(ConfigKey.MESH_RETRY_BASE_DELAY_MS, PolicyDocument.RETRY_DELAY_MS),
        intIn(ConfigKey.MESH_RETRY_MAX_DELAY_MS, PolicyDocument.RETRY_DELAY_MS),
        intIn(ConfigKey.MESH_RETRY_BUDGET_PERCENT, PolicyDocument.BUDGET_PERCENT));
    if (retry.maxDelayMs() < retry.baseDelayMs()) {
      parser.problem(ConfigKey.MESH_RETRY_MAX_DELAY_MS, "must not be below " + ConfigKey.MESH_RETRY_BASE_DELAY_MS.key()
          + " (" + retry.baseDelayMs() + "), got " + retry.maxDelayMs());
    }
    BreakerSettings breaker = new BreakerSettings(
        intIn(ConfigKey.MESH_BREAKER_FAILURE_THRESHOLD, PolicyDocument.FAILURE_THRESHOLD),
        intIn(ConfigKey.MESH_BREAKER_RESET_TIMEOUT_MS, PolicyDocument.RESET_TIMEOUT_MS));
    HealthCheckSettings health = new HealthCheckSettings(
        parser.intIn(ConfigKey.MESH_HEALTH_INTERVAL_MS, 50, 3_600_000),
        probeTimeoutMs,
        parser.intIn(ConfigKey.MESH_HEALTH_UNHEALTHY_THRESHOLD, 1, 100),
        parser.intIn(ConfigKey.MESH_HEALTH_HEALTHY_THRESHOLD, 1, 100));
    OutlierSettings outlier = new OutlierSettings(
        parser.intIn(ConfigKey.MESH_OUTLIER_CONSECUTIVE_FAILURES, 1, 10_000),
        parser.intIn(ConfigKey.MESH_OUTLIER_BASE_EJECTION_MS, 10, 3_600_000),
        parser.intIn(ConfigKey.MESH_OUTLIER_MAX_EJECTION_MS, 10, 86_400_000));
    if (outlier.maxEjectionMs() < outlier.baseEjectionMs()) {
      parser.problem(ConfigKey.MESH_OUTLIER_MAX_EJECTION_MS, "must not be below "
          + ConfigKey.MESH_OUTLIER_BASE_EJECTION_MS.key() + " (" + outlier.baseEjectionMs() + "), got "
          + outlier.maxEjectionMs());
    }
    ServicePolicy defaults = new ServicePolicy(strategy, Optional.empty(), callTimeoutMs, Map.of(), retry, breaker);
    return new MeshSettings(defaults, policies(defaults), health, outlier);
  }

  private int intIn(ConfigKey key, Range range) {
    return parser.intIn(key, range.min(), range.max());
  }

  private Strategy strategy() {
    String value = parser.value(ConfigKey.MESH_STRATEGY);
    return Strategy.fromWire(value).orElseGet(() -> {
      parser.problem(ConfigKey.MESH_STRATEGY, "must be one of " + Strategy.wireNames() + ", got '" + value + "'");
      return Strategy.ROUND_ROBIN;
    });
  }

  private Map<ServiceName, ServicePolicy> policies(ServicePolicy defaults) {
    Map<ServiceName, ServicePolicy> policies = new EnumMap<>(ServiceName.class);
    String text = parser.value(ConfigKey.MESH_POLICIES);
    if (text.isEmpty()) {
      return policies;
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException malformed) {
      parser.problem(ConfigKey.MESH_POLICIES, "must be a JSON object such as {\"product\":{\"strategy\":\"weighted\"}}");
      return policies;
    }
    for (String name : json.fieldNames()) {
      Optional<ServiceName> service = ServiceName.fromWire(name);
      if (service.isEmpty()) {
        parser.problem(ConfigKey.MESH_POLICIES, "names unknown service '" + name + "'; known services: "
            + Arrays.stream(ServiceName.values()).map(ServiceName::wireName).toList());
        continue;
      }
      if (!(json.getValue(name) instanceof JsonObject document)) {
        parser.problem(ConfigKey.MESH_POLICIES, name + " must be a JSON object (a policy document)");
        continue;
      }
      try {
        policies.put(service.get(), PolicyDocument.apply(service.get(), defaults, document));
      } catch (ServiceException invalid) {
        parser.problem(ConfigKey.MESH_POLICIES, name + "." + invalid.error().field() + ": " + invalid.error().message());
      }
    }
    return policies;
  }
}
