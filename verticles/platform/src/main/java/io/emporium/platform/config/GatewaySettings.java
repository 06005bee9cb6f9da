package io.emporium.platform.config;

import java.util.List;
import java.util.Map;

/** The gateway's policies: rate limits, the GET cache, input limits, CORS, and how long it waits for Redis. */
public record GatewaySettings(RateLimitSettings rateLimit, CacheSettings cache, InputLimits limits,
    List<String> corsOrigins, int redisTimeoutMs) {

  public enum RateLimitStore { LOCAL, REDIS }

  public record RateLimitSettings(boolean enabled, RateLimitStore store, RateLimitPolicies policies) {}

  /** @param routeTtls seconds by route template; 0 means not cached */
  public record CacheSettings(boolean enabled, int maxEntries, int ttlSeconds, Map<String, Integer> routeTtls,
      boolean redis) {
    public int ttlOf(String route) {
      return routeTtls.getOrDefault(route, ttlSeconds);
    }
  }

  public record InputLimits(int maxHeaderBytes, int maxUrlLength, int maxJsonDepth, int maxStringLength) {}
}
