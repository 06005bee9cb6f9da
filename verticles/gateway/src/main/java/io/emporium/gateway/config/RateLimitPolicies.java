package io.emporium.gateway.config;

import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's rate-limit policies: named token buckets (a rate in tokens per second, a burst, and
 * what the bucket is counted per) and, per route group, the buckets a request must pass (all of them).
 * The same document comes from {@code ratelimit.policies} and from the admin API; {@link #parse} checks
 * it strictly and names the field at fault.
 */
public record RateLimitPolicies(Map<String, Bucket> buckets, Map<String, List<String>> groups) {
  /** The route groups of the route table. */
  public static final Set<String> GROUPS = Set.of("read", "write", "auth", "admin");
  static final double MAX_RATE = 1_000_000;
  static final int MAX_BURST = 10_000_000;

  /** What a bucket is counted per: the client's address, the signed-in user (the address when anonymous), or the route. */
  public enum KeyKind {
    IP, USER, ROUTE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public record Bucket(String name, KeyKind key, double rate, int burst) {
    JsonObject toJson() {
      return new JsonObject().put("key", key.wireName()).put("rate", rate).put("burst", burst);
    }
  }

  /** Applied when {@code ratelimit.policies} is empty: a stricter bucket on {@code /api/auth/*}. */
  public static final String DEFAULT_DOCUMENT = """
      {"policies": {"ip": {"key": "ip", "rate": 500, "burst": 1000},
                    "auth-ip": {"key": "ip", "rate": 10, "burst": 100},
                    "user": {"key": "user", "rate": 200, "burst": 500}},
       "groups": {"read": ["ip"], "write": ["ip", "user"], "auth": ["ip", "auth-ip"], "admin": ["user"]}}""";

  public static RateLimitPolicies defaults() {
    return parse(new JsonObject(DEFAULT_DOCUMENT));
  }

  /** Asked on every request: a plain loop (a stream here cost as much as the bucket check itself). */
  public List<Bucket> bucketsOf(String group) {
    List<String> names = groups.getOrDefault(group, List.of());
    Bucket[] found = new Bucket[names.size()];
    for (int i = 0; i < found.length; i++) {
      found[i] = buckets.get(names.get(i));
    }
    return List.of(found);
  }

  public JsonObject toJson() {
    JsonObject policies = new JsonObject();
    buckets.forEach((name, bucket) -> policies.put(name, bucket.toJson()));
    JsonObject groupJson = new JsonObject();
    groups.forEach((name, list) -> groupJson.put(name, new JsonArray(list)));
    return new JsonObject().put("policies", policies).put("groups", groupJson);
  }

  /** @throws ServiceException VALIDATION naming the field at fault (e.g. {@code policies.ip.rate}) */
  public static RateLimitPolicies parse(JsonObject document) {
    for (String field : document.fieldNames()) {
      if (!field.equals("policies") && !field.equals("groups")) {
        throw invalid(field, "unknown field; a policy document has 'policies' and 'groups'");
      }
    }
    if (!(document.getValue("policies") instanceof JsonObject policies) || policies.isEmpty()) {
      throw invalid("policies", "must be a non-empty object of named buckets");
    }
    Map<String, Bucket> buckets = new LinkedHashMap<>();
    for (String name : policies.fieldNames()) {
      if (!name.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
        throw invalid("policies." + name, "a policy name is 1-40 lower-case letters, digits, '-' or '_'");
      }
      buckets.put(name, bucket(name, policies.getValue(name)));
    }
    if (!(document.getValue("groups") instanceof JsonObject groups)) {
      throw invalid("groups", "must be an object of route groups " + GROUPS + " to lists of policy names");
    }
    Map<String, List<String>> byGroup = new LinkedHashMap<>();
    for (String group : groups.fieldNames()) {
      String field = "groups." + group;
      if (!GROUPS.contains(group)) {
        throw invalid(field, "unknown route group; the groups are " + GROUPS);
      }
      if (!(groups.getValue(group) instanceof JsonArray names)) {
        throw invalid(field, "must be a list of policy names");
      }
      List<String> list = names.stream().map(n -> n instanceof String s ? s : null).toList();
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == null || !buckets.containsKey(list.get(i))) {
          throw invalid(field + "[" + i + "]", "must name a policy of 'policies'");
        }
      }
      if (Set.copyOf(list).size() != list.size()) {
        throw invalid(field, "names a policy twice");
      }
      byGroup.put(group, List.copyOf(list));
    }
    return new RateLimitPolicies(Map.copyOf(buckets), Map.copyOf(byGroup));
  }

  private static Bucket bucket(String name, Object value) {
    String prefix = "policies." + name;
    if (!(value instanceof JsonObject json)) {
      throw invalid(prefix, "must be an object {\"key\", \"rate\", \"burst\"}");
    }
    for (String field : json.fieldNames()) {
      if (!Set.of("key", "rate", "burst").contains(field)) {
        throw invalid(prefix + "." + field, "unknown field; a policy has key, rate and burst");
      }
    }
    Optional<KeyKind> key = json.getValue("key") instanceof String s
        ? java.util.Arrays.stream(KeyKind.values()).filter(k -> k.wireName().equals(s)).findFirst()
        : Optional.empty();
    if (key.isEmpty()) {
      throw invalid(prefix + ".key", "must be 'ip', 'user' or 'route'");
    }
    if (!(json.getValue("rate") instanceof Number rate) || !(rate.doubleValue() > 0)
        || rate.doubleValue() > MAX_RATE) {
      throw invalid(prefix + ".rate", "must be a number of requests per second above 0, at most " + (long) MAX_RATE);
    }
    if (!(json.getValue("burst") instanceof Number burst) || burst.doubleValue() != Math.rint(burst.doubleValue())
        || burst.longValue() < 1 || burst.longValue() > MAX_BURST) {
      throw invalid(prefix + ".burst", "must be a whole number from 1 to " + MAX_BURST);
    }
    return new Bucket(name, key.get(), rate.doubleValue(), burst.intValue());
  }

  private static ServiceException invalid(String field, String message) {
    return ServiceError.invalid(field, message).toException();
  }
}
