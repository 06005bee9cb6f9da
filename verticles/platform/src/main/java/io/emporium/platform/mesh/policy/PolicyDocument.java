package io.emporium.platform.mesh.policy;

import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.emporium.contract.ServiceName;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a policy document (the JSON of {@link ServicePolicy#toJson()}, possibly partial) onto a base
 * policy. Fields left out keep the base's value; {@code "split": null} (or {}) removes the split and
 * {@code "actionTimeoutsMs"} replaces every per-action timeout. Every value is checked strictly — no
 * strings for numbers, no unknown fields — and the first problem is a VALIDATION error naming the
 * field by its path, e.g. {@code retry.maxAttempts}.
 */
public final class PolicyDocument {
  public static final Range TIMEOUT_MS = new Range(10, 600_000);
  public static final Range MAX_ATTEMPTS = new Range(1, 10);
  public static final Range RETRY_DELAY_MS = new Range(0, 60_000);
  public static final Range BUDGET_PERCENT = new Range(0, 100);
  public static final Range FAILURE_THRESHOLD = new Range(1, 10_000);
  public static final Range RESET_TIMEOUT_MS = new Range(10, 3_600_000);
  /** 0: no per-attempt timeout. */
  public static final Range ATTEMPT_TIMEOUT_MS = new Range(0, 600_000);
  public static final Range HEDGE_DELAY_MS = new Range(1, 60_000);
  public static final Range LATENCY_FACTOR = new Range(2, 100);
  public static final Range LATENCY_MIN_MS = new Range(1, 60_000);
  public static final Range LATENCY_INTERVALS = new Range(1, 100);
  public static final Range EJECTION_MS = new Range(10, 3_600_000);
  static final int MAX_VARIANTS = 16;
  private static final Set<String> FIELDS = Set.of("strategy", "split", "timeoutMs", "actionTimeoutsMs", "retry",
      "breaker", "hedge", "latencyOutlier", "canary", "mirror", "hashKey");
  private static final Set<String> CANARY_FIELDS = Set.of("version", "userPercent", "byHeader");
  private static final Set<String> MIRROR_FIELDS = Set.of("version", "percent", "maxInFlight");
  public static final Range MIRROR_PERCENT = new Range(1, 100);
  public static final Range MIRROR_IN_FLIGHT = new Range(1, 10_000);
  private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "baseDelayMs", "maxDelayMs", "budgetPercent",
      "attemptTimeoutMs");
  private static final Set<String> HEDGE_FIELDS = Set.of("enabled", "minDelayMs", "maxDelayMs", "budgetPercent");
  private static final Set<String> LATENCY_FIELDS = Set.of("enabled", "factor", "minLatencyMs", "intervals",
      "baseEjectionMs", "maxEjectionMs");
  private static final Set<String> BREAKER_FIELDS = Set.of("failureThreshold", "resetTimeoutMs");

  /** Inclusive bounds of a whole number. */
  public record Range(int min, int max) {
    public boolean contains(long value) {
      return value >= min && value <= max;
    }
  }

  private PolicyDocument() {}

  /**
   * @throws ServiceException VALIDATION naming the field at fault
   */
  public static ServicePolicy apply(ServiceName service, ServicePolicy base, JsonObject document) {
    unknownFields(document, FIELDS, "");
    ServicePolicy policy = base;
    if (document.containsKey("strategy")) {
      Object value = document.getValue("strategy");
      String name = value instanceof String s ? s : null;
      Strategy strategy = Strategy.fromWire(name).orElseThrow(() -> invalid("strategy",
          "strategy must be one of " + Strategy.wireNames()));
      policy = policy.withStrategy(strategy);
    }
    if (document.containsKey("split")) {
      policy = policy.withSplit(split(document.getValue("split")));
    }
    if (document.containsKey("timeoutMs") || document.containsKey("actionTimeoutsMs")) {
      int timeout = document.containsKey("timeoutMs")
          ? whole(document.getValue("timeoutMs"), "timeoutMs", TIMEOUT_MS) : policy.timeoutMs();
      Map<String, Integer> perAction = document.containsKey("actionTimeoutsMs")
          ? actionTimeouts(service, document.getValue("actionTimeoutsMs")) : policy.actionTimeoutsMs();
      policy = policy.withTimeouts(timeout, perAction);
    }
    if (document.containsKey("retry")) {
      policy = policy.withRetry(retry(object(document.getValue("retry"), "retry"), policy.retry()));
    }
    if (document.containsKey("breaker")) {
      policy = policy.withBreaker(breaker(object(document.getValue("breaker"), "breaker"), policy.breaker()));
    }
    if (document.containsKey("hedge")) {
      policy = policy.withHedge(hedge(object(document.getValue("hedge"), "hedge"), policy.hedge()));
    }
    if (document.containsKey("latencyOutlier")) {
      policy = policy.withLatencyOutlier(latencyOutlier(object(document.getValue("latencyOutlier"), "latencyOutlier"),
          policy.latencyOutlier()));
    }
    if (document.containsKey("canary")) {
      policy = policy.withCanary(canary(document.getValue("canary"), policy.canary()));
    }
    if (document.containsKey("mirror")) {
      policy = policy.withMirror(mirror(document.getValue("mirror"), policy.mirror()));
    }
    if (document.containsKey("hashKey")) {
      Object value = document.getValue("hashKey");
      policy = policy.withHashKey(value == null ? Optional.empty() : Optional.of(HashKey.fromWire(
          value instanceof String s ? s : null).orElseThrow(() -> invalid("hashKey",
          "hashKey must be \"caller\" or \"payload.<field>\" (a field of 1-64 letters, digits and _), or null"))));
    }
    if (policy.canary().isPresent() && policy.mirror().isPresent()
        && policy.canary().get().version().equals(policy.mirror().get().version())) {
      throw invalid("mirror.version", "the mirror's version must not be the canary's: a shadow never answers callers");
    }
    return policy;
  }

  private static Optional<TrafficSplit> split(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    JsonObject json = object(value, "split");
    if (json.isEmpty()) {
      return Optional.empty();
    }
    if (json.size() > MAX_VARIANTS) {
      throw invalid("split", "split may name at most " + MAX_VARIANTS + " versions");
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    long sum = 0;
    for (String version : json.fieldNames()) {
      if (version.isBlank() || version.length() > 64 || !version.matches("[A-Za-z0-9._+-]+")) {
        throw invalid("split", "split versions must be 1-64 characters of letters, digits and . _ + -");
      }
      int weight = whole(json.getValue(version), "split", new Range(0, 100));
      weights.put(version, weight);
      sum += weight;
    }
    if (sum != 100) {
      throw invalid("split", "split weights must add up to 100, got " + sum);
    }
    return Optional.of(new TrafficSplit(weights));
  }

  private static Map<String, Integer> actionTimeouts(ServiceName service, Object value) {
    if (value == null) {
      return Map.of();
    }
    JsonObject json = object(value, "actionTimeoutsMs");
    Map<String, Integer> timeouts = new LinkedHashMap<>();
    for (String action : json.fieldNames()) {
      if (ServiceActions.find(service, action).isEmpty()) {
        throw invalid("actionTimeoutsMs." + action, "the " + service.wireName() + " service has no action '"
            + action + "'; its actions are " + ServiceActions.of(service).stream().map(a -> a.wireName()).toList());
      }
      timeouts.put(action, whole(json.getValue(action), "actionTimeoutsMs." + action, TIMEOUT_MS));
    }
    return timeouts;
  }

  private static RetrySettings retry(JsonObject json, RetrySettings base) {
    unknownFields(json, RETRY_FIELDS, "retry.");
    RetrySettings retry = new RetrySettings(
        json.containsKey("maxAttempts") ? whole(json.getValue("maxAttempts"), "retry.maxAttempts", MAX_ATTEMPTS)
            : base.maxAttempts(),
        json.containsKey("baseDelayMs") ? whole(json.getValue("baseDelayMs"), "retry.baseDelayMs", RETRY_DELAY_MS)
            : base.baseDelayMs(),
        json.containsKey("maxDelayMs") ? whole(json.getValue("maxDelayMs"), "retry.maxDelayMs", RETRY_DELAY_MS)
            : base.maxDelayMs(),
        json.containsKey("budgetPercent")
            ? whole(json.getValue("budgetPercent"), "retry.budgetPercent", BUDGET_PERCENT) : base.budgetPercent(),
        json.containsKey("attemptTimeoutMs")
            ? whole(json.getValue("attemptTimeoutMs"), "retry.attemptTimeoutMs", ATTEMPT_TIMEOUT_MS)
            : base.attemptTimeoutMs());
    if (retry.maxDelayMs() < retry.baseDelayMs()) {
      throw invalid(json.containsKey("maxDelayMs") ? "retry.maxDelayMs" : "retry.baseDelayMs",
          "retry.maxDelayMs (" + retry.maxDelayMs() + ") must not be below retry.baseDelayMs ("
              + retry.baseDelayMs() + ")");
    }
    return retry;
  }

  private static BreakerSettings breaker(JsonObject json, BreakerSettings base) {
    unknownFields(json, BREAKER_FIELDS, "breaker.");
    return new BreakerSettings(
        json.containsKey("failureThreshold")
            ? whole(json.getValue("failureThreshold"), "breaker.failureThreshold", FAILURE_THRESHOLD)
            : base.failureThreshold(),
        json.containsKey("resetTimeoutMs")
            ? whole(json.getValue("resetTimeoutMs"), "breaker.resetTimeoutMs", RESET_TIMEOUT_MS)
            : base.resetTimeoutMs());
  }

  private static HedgeSettings hedge(JsonObject json, HedgeSettings base) {
    unknownFields(json, HEDGE_FIELDS, "hedge.");
    HedgeSettings hedge = new HedgeSettings(
        json.containsKey("enabled") ? bool(json.getValue("enabled"), "hedge.enabled") : base.enabled(),
        json.containsKey("minDelayMs") ? whole(json.getValue("minDelayMs"), "hedge.minDelayMs", HEDGE_DELAY_MS)
            : base.minDelayMs(),
        json.containsKey("maxDelayMs") ? whole(json.getValue("maxDelayMs"), "hedge.maxDelayMs", HEDGE_DELAY_MS)
            : base.maxDelayMs(),
        json.containsKey("budgetPercent")
            ? whole(json.getValue("budgetPercent"), "hedge.budgetPercent", BUDGET_PERCENT) : base.budgetPercent());
    if (hedge.maxDelayMs() < hedge.minDelayMs()) {
      throw invalid(json.containsKey("maxDelayMs") ? "hedge.maxDelayMs" : "hedge.minDelayMs",
          "hedge.maxDelayMs (" + hedge.maxDelayMs() + ") must not be below hedge.minDelayMs ("
              + hedge.minDelayMs() + ")");
    }
    return hedge;
  }

  private static LatencyOutlierSettings latencyOutlier(JsonObject json, LatencyOutlierSettings base) {
    unknownFields(json, LATENCY_FIELDS, "latencyOutlier.");
    String p = "latencyOutlier.";
    LatencyOutlierSettings settings = new LatencyOutlierSettings(
        json.containsKey("enabled") ? bool(json.getValue("enabled"), p + "enabled") : base.enabled(),
        json.containsKey("factor") ? whole(json.getValue("factor"), p + "factor", LATENCY_FACTOR) : base.factor(),
        json.containsKey("minLatencyMs") ? whole(json.getValue("minLatencyMs"), p + "minLatencyMs", LATENCY_MIN_MS)
            : base.minLatencyMs(),
        json.containsKey("intervals") ? whole(json.getValue("intervals"), p + "intervals", LATENCY_INTERVALS)
            : base.intervals(),
        json.containsKey("baseEjectionMs") ? whole(json.getValue("baseEjectionMs"), p + "baseEjectionMs", EJECTION_MS)
            : base.baseEjectionMs(),
        json.containsKey("maxEjectionMs") ? whole(json.getValue("maxEjectionMs"), p + "maxEjectionMs", EJECTION_MS)
            : base.maxEjectionMs());
    if (settings.maxEjectionMs() < settings.baseEjectionMs()) {
      throw invalid(json.containsKey("maxEjectionMs") ? p + "maxEjectionMs" : p + "baseEjectionMs",
          p + "maxEjectionMs (" + settings.maxEjectionMs() + ") must not be below " + p + "baseEjectionMs ("
              + settings.baseEjectionMs() + ")");
    }
    return settings;
  }

  /** null or {} removes the canary; fields left out keep their value (version is needed for a new one). */
  private static Optional<CanarySettings> canary(Object value, Optional<CanarySettings> base) {
    if (value == null) {
      return Optional.empty();
    }
    JsonObject json = object(value, "canary");
    if (json.isEmpty()) {
      return Optional.empty();
    }
    unknownFields(json, CANARY_FIELDS, "canary.");
    String version = json.containsKey("version") ? version(json.getValue("version"), "canary.version")
        : base.map(CanarySettings::version).orElseThrow(() -> invalid("canary.version", "canary.version is needed"));
    return Optional.of(new CanarySettings(version,
        json.containsKey("userPercent") ? whole(json.getValue("userPercent"), "canary.userPercent", BUDGET_PERCENT)
            : base.map(CanarySettings::userPercent).orElse(0),
        json.containsKey("byHeader") ? bool(json.getValue("byHeader"), "canary.byHeader")
            : base.map(CanarySettings::byHeader).orElse(true)));
  }

  /** null or {} removes the mirror; fields left out keep their value (version is needed for a new one). */
  private static Optional<MirrorSettings> mirror(Object value, Optional<MirrorSettings> base) {
    if (value == null) {
      return Optional.empty();
    }
    JsonObject json = object(value, "mirror");
    if (json.isEmpty()) {
      return Optional.empty();
    }
    unknownFields(json, MIRROR_FIELDS, "mirror.");
    String version = json.containsKey("version") ? version(json.getValue("version"), "mirror.version")
        : base.map(MirrorSettings::version).orElseThrow(() -> invalid("mirror.version", "mirror.version is needed"));
    return Optional.of(new MirrorSettings(version,
        json.containsKey("percent") ? whole(json.getValue("percent"), "mirror.percent", MIRROR_PERCENT)
            : base.map(MirrorSettings::percent).orElse(10),
        json.containsKey("maxInFlight") ? whole(json.getValue("maxInFlight"), "mirror.maxInFlight", MIRROR_IN_FLIGHT)
            : base.map(MirrorSettings::maxInFlight).orElse(64)));
  }

  private static String version(Object value, String field) {
    if (value instanceof String s && s.length() <= 64 && s.matches("[A-Za-z0-9._+-]+")) {
      return s;
    }
    throw invalid(field, field + " must be a version: 1-64 letters, digits and . _ + -");
  }

  static boolean bool(Object value, String field) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw invalid(field, field + " must be true or false");
  }

  private static void unknownFields(JsonObject json, Set<String> known, String prefix) {
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        throw invalid(prefix + field, "unknown field '" + prefix + field + "'");
      }
    }
  }

  private static JsonObject object(Object value, String field) {
    if (value instanceof JsonObject json) {
      return json;
    }
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      return new JsonObject(fields);
    }
    throw invalid(field, field + " must be a JSON object");
  }

  /** A whole number within the range; strings, fractions, booleans and nulls are refused. */
  static int whole(Object value, String field, Range range) {
    long number;
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      number = ((Number) value).longValue();
    } else if (value instanceof BigInteger big && big.bitLength() < 63) {
      number = big.longValue();
    } else if (value instanceof BigDecimal || value instanceof Double || value instanceof Float
        || value instanceof BigInteger) {
      throw invalid(field, field + " must be a whole number between " + range.min() + " and " + range.max());
    } else {
      throw invalid(field, field + " must be a whole number between " + range.min() + " and " + range.max()
          + (value == null ? ", got null" : ""));
    }
    if (!range.contains(number)) {
      throw invalid(field, field + " must be between " + range.min() + " and " + range.max() + ", got " + number);
    }
    return (int) number;
  }

  private static ServiceException invalid(String field, String message) {
    return ServiceError.invalid(field, message).toException();
  }
}
