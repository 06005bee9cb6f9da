package io.emporium.gateway.config;

import io.emporium.platform.config.EmporiumConfig;
import java.util.List;
import java.util.Map;

/**
 * The gateway's policies: rate limits, the GET cache, input limits, CORS, how long it waits for Redis,
 * and the reverse proxies it believes about the client's address ({@code 10.0.0.0/8}, {@code 192.0.2.7}).
 */
public record GatewaySettings(RateLimitSettings rateLimit, CacheSettings cache, InputLimits limits,
    List<String> corsOrigins, int redisTimeoutMs, List<String> trustedProxies, IdempotencySettings idempotency) {

  /** The gateway's settings of this configuration, as {@link GatewayConfigSection} read them. */
  public static GatewaySettings of(EmporiumConfig config) {
    return config.section(GatewaySettings.class);
  }

  public enum RateLimitStore { LOCAL, REDIS }

  public record RateLimitSettings(boolean enabled, RateLimitStore store, RateLimitPolicies policies) {}

  /** @param routeTtls seconds by route template; 0 means not cached */
  public record CacheSettings(boolean enabled, int maxEntries, int ttlSeconds, Map<String, Integer> routeTtls,
      boolean redis) {
    public int ttlOf(String route) {
      return routeTtls.getOrDefault(route, ttlSeconds);
    }
  }

  /** How long a keyed write's answer is kept, and how long the request path waits for the key store. */
  public record IdempotencySettings(int keyTtlHours, int storeTimeoutMs) {}

  public record InputLimits(int maxHeaderBytes, int maxUrlLength, int maxJsonDepth, int maxStringLength) {}
}
