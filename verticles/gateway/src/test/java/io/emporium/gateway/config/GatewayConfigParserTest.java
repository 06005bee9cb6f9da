package io.emporium.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.config.ConfigException;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.TestConfigs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's section, read from the platform's configuration through the section found on the class path. */
class GatewayConfigParserTest {

  private static GatewaySettings gateway(Map<ConfigKey, String> overrides) {
    return GatewaySettings.of(TestConfigs.with(overrides));
  }

  @Test
  void idempotencyKeysAreKeptADayByDefaultAndTheirBoundsAreChecked() {
    assertThat(gateway(Map.of()).idempotency().keyTtlHours()).isEqualTo(24);
    assertThat(gateway(Map.of()).idempotency().storeTimeoutMs()).isEqualTo(1_000);
    assertThat(gateway(Map.of(ConfigKey.GATEWAY_IDEMPOTENCY_KEY_TTL_HOURS, "48")).idempotency().keyTtlHours())
        .isEqualTo(48);
    assertThatThrownBy(() -> gateway(Map.of(ConfigKey.GATEWAY_IDEMPOTENCY_KEY_TTL_HOURS, "0",
        ConfigKey.GATEWAY_IDEMPOTENCY_STORE_TIMEOUT_MS, "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.idempotency-key-ttl-hours")
        .hasMessageContaining("gateway.idempotency-store-timeout-ms");
  }

  @Test
  void trustedProxiesAreAddressesOrRangesAndAnythingElseIsNamed() {
    assertThat(gateway(Map.of(ConfigKey.HTTP_TRUSTED_PROXIES, " 10.0.0.0/8, 192.0.2.7 ,fd00::/8")).trustedProxies())
        .containsExactly("10.0.0.0/8", "192.0.2.7", "fd00::/8");
    assertThat(gateway(Map.of()).trustedProxies()).isEmpty();
    assertThatThrownBy(() -> gateway(Map.of(ConfigKey.HTTP_TRUSTED_PROXIES,
        "10.0.0.0/33, proxy.internal, 192.0.2.7/x")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
        .hasMessageContaining("http.trusted-proxies (EMPORIUM_HTTP_TRUSTED_PROXIES) has '10.0.0.0/33'")
        .hasMessageContaining("'proxy.internal'");
  }

  @Test
  void theGatewaysProblemsAreReportedWithThePlatformsAndTheMeshsAtOnce() {
    assertThatThrownBy(() -> TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "99999",
        ConfigKey.MESH_STRATEGY, "random", ConfigKey.RATELIMIT_STORE, "redis", ConfigKey.CORS_ORIGINS, "shop")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4))
        .hasMessageContaining("http.port (EMPORIUM_HTTP_PORT) must be between 0 and 65535, got 99999")
        .hasMessageContaining("mesh.strategy (EMPORIUM_MESH_STRATEGY)")
        .hasMessageContaining("ratelimit.store (EMPORIUM_RATELIMIT_STORE) is 'redis' but redis.url")
        .hasMessageContaining("cors.origins (EMPORIUM_CORS_ORIGINS) has 'shop'");
  }

  @Test
  void theShippedDefaultsGiveTheDefaultRateLimitPolicies() {
    EmporiumConfig config = TestConfigs.with(Map.of());
    assertThat(GatewaySettings.of(config).rateLimit().policies()).isEqualTo(RateLimitPolicies.defaults());
    assertThat(GatewaySettings.of(config)).isSameAs(GatewaySettings.of(config));
  }
}
