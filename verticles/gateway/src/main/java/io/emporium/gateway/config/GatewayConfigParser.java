package io.emporium.gateway.config;

import io.emporium.contract.ServiceException;
import io.emporium.gateway.config.GatewaySettings.CacheSettings;
import io.emporium.gateway.config.GatewaySettings.InputLimits;
import io.emporium.gateway.config.GatewaySettings.RateLimitSettings;
import io.emporium.gateway.config.GatewaySettings.RateLimitStore;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.ConfigReader;
import io.netty.util.NetUtil;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway part of the configuration; problems are reported through the reader, naming the key.
 * {@link GatewayConfigSection} runs it.
 */
final class GatewayConfigParser {
  private final ConfigReader parser;

  GatewayConfigParser(ConfigReader parser) {
    this.parser = parser;
  }

  GatewaySettings parse(boolean redisConfigured) {
    RateLimitStore store = store();
    if (store == RateLimitStore.REDIS && !redisConfigured) {
      parser.problem(ConfigKey.RATELIMIT_STORE, "is 'redis' but redis.url (EMPORIUM_REDIS_URL) is empty");
    }
    RateLimitSettings rateLimit = new RateLimitSettings(bool(ConfigKey.RATELIMIT_ENABLED), store, policies());
    CacheSettings cache = new CacheSettings(bool(ConfigKey.CACHE_ENABLED),
        parser.intIn(ConfigKey.CACHE_MAX_ENTRIES, 1, 10_000_000),
        parser.intIn(ConfigKey.CACHE_TTL_SECONDS, 1, 86_400),
        routeTtls(), bool(ConfigKey.CACHE_REDIS));
    InputLimits limits = new InputLimits(
        parser.intIn(ConfigKey.HTTP_MAX_HEADER_BYTES, 1_024, 1024 * 1024),
        parser.intIn(ConfigKey.HTTP_MAX_URL_LENGTH, 256, 64 * 1024),
        parser.intIn(ConfigKey.HTTP_MAX_JSON_DEPTH, 2, 1_000),
        parser.intIn(ConfigKey.HTTP_MAX_STRING_LENGTH, 16, 16 * 1024 * 1024));
    List<String> origins = Arrays.stream(parser.value(ConfigKey.CORS_ORIGINS).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String origin : origins) {
      if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        parser.problem(ConfigKey.CORS_ORIGINS, "has '" + origin + "'; an origin looks like https://shop.example.org or *");
      }
    }
    return new GatewaySettings(rateLimit, cache, limits, origins,
        parser.intIn(ConfigKey.GATEWAY_REDIS_TIMEOUT_MS, 1, 10_000), trustedProxies(),
        new GatewaySettings.IdempotencySettings(parser.intIn(ConfigKey.GATEWAY_IDEMPOTENCY_KEY_TTL_HOURS, 1, 720),
            parser.intIn(ConfigKey.GATEWAY_IDEMPOTENCY_STORE_TIMEOUT_MS, 10, 10_000)));
  }

  /** Addresses or CIDR ranges, IPv4 or IPv6, as literals: a host name would need a DNS lookup per start. */
  private List<String> trustedProxies() {
    List<String> ranges = Arrays.stream(parser.value(ConfigKey.HTTP_TRUSTED_PROXIES).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String range : ranges) {
      String[] parts = range.split("/", -1);
      boolean v4 = NetUtil.isValidIpV4Address(parts[0]);
      boolean v6 = !v4 && NetUtil.isValidIpV6Address(parts[0]);
      boolean prefixOk = parts.length == 1
          || (parts.length == 2 && parts[1].matches("\\d{1,3}") && Integer.parseInt(parts[1]) <= (v4 ? 32 : 128));
      if (!(v4 || v6) || !prefixOk) {
        parser.problem(ConfigKey.HTTP_TRUSTED_PROXIES,
            "has '" + range + "'; a proxy is an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8");
      }
    }
    return ranges;
  }

  private RateLimitStore store() {
    String value = parser.value(ConfigKey.RATELIMIT_STORE).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "local" -> RateLimitStore.LOCAL;
      case "redis" -> RateLimitStore.REDIS;
      default -> {
        parser.problem(ConfigKey.RATELIMIT_STORE, "must be 'local' or 'redis', got '" + value + "'");
        yield RateLimitStore.LOCAL;
      }
    };
  }

  private boolean bool(ConfigKey key) {
    String value = parser.value(key).toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      parser.problem(key, "must be true or false, got '" + value + "'");
    }
    return value.equals("true");
  }

  private RateLimitPolicies policies() {
    Optional<String> text = parser.optional(ConfigKey.RATELIMIT_POLICIES);
    if (text.isEmpty()) {
      return RateLimitPolicies.defaults();
    }
    try {
      return RateLimitPolicies.parse(new JsonObject(text.get()));
    } catch (DecodeException | ClassCastException malformed) {
      parser.problem(ConfigKey.RATELIMIT_POLICIES, "must be a JSON object {\"policies\": {...}, \"groups\": {...}}");
    } catch (ServiceException invalid) {
      parser.problem(ConfigKey.RATELIMIT_POLICIES, invalid.error().field() + ": " + invalid.error().message());
    }
    return RateLimitPolicies.defaults();
  }

  private Map<String, Integer> routeTtls() {
    Map<String, Integer> ttls = new LinkedHashMap<>();
    Optional<String> text = parser.optional(ConfigKey.CACHE_ROUTE_TTLS);
    if (text.isEmpty()) {
      return ttls;
    }
    try {
      JsonObject json = new JsonObject(text.get());
      for (String route : json.fieldNames()) {
        if (json.getValue(route) instanceof Integer seconds && seconds >= 0 && seconds <= 86_400 && route.startsWith("/")) {
          ttls.put(route, seconds);
        } else {
          parser.problem(ConfigKey.CACHE_ROUTE_TTLS, "'" + route + "' must be a route template (/api/...) with whole seconds 0-86400");
        }
      }
    } catch (DecodeException | ClassCastException malformed) {
      parser.problem(ConfigKey.CACHE_ROUTE_TTLS, "must be a JSON object such as {\"/api/categories\": 300}");
    }
    return Map.copyOf(ttls);
  }
}
