package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one place Emporium's own metrics are made: the four types (counters, gauges, histograms with
 * service-level buckets, summaries with client-side percentiles), the named counters each module's own
 * meters count with ({@code OutboxMeters}, and the services' and gateway's in their modules), and the named
 * metrics of what every service needs: HTTP, the mesh, the stores, Redis, the cache, the bus. Each Vert.x
 * instance has its own (see {@link #of}); where metrics are off, or a test built
 * a plain Vert.x, {@link #DISABLED} answers and every call returns at once.
 *
 * <p>Names follow Prometheus conventions once Micrometer renders them: {@code emporium.http.requests}
 * becomes {@code emporium_http_requests_total}, a timer {@code ..._seconds_bucket/_count/_sum}. Tag
 * values are always from bounded sets (route templates, service and action names, table names, status
 * classes), never raw paths or ids. No label is named {@code service}, {@code instance} or {@code job}:
 * Prometheus sets those on every target and would rename ours to {@code exported_*}.
 */
public final class EmporiumMetrics {
  /**
   * Service-level buckets of every latency histogram, from 5 ms to 2.5 s: nine, so a histogram is 13
   * series (with +Inf, count, sum and max), not 16. Below 5 ms (a cached GET) nothing is decided; above
   * 2.5 s a request is far past the 500 ms objective and near every timeout, and counts in +Inf.
   */
  public static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2_500)};

  /** The time over which a summary's percentiles are computed before its window starts again. */
  public static final Duration SUMMARY_WINDOW = Duration.ofMinutes(1);

  public static final EmporiumMetrics DISABLED = new EmporiumMetrics(null);

  /**
   * The name the gateway gives its router's first route. vertx-web reports it to the HTTP server
   * metrics of every request the router handles, which is how {@code emporium_http_*} tells the
   * gateway's traffic from management requests (probes, scrapes) on other servers of the same JVM.
   */
  public static final String GATEWAY_ROUTE_NAME = "emporium.gateway";

  private static final Map<Vertx, EmporiumMetrics> BY_VERTX = Collections.synchronizedMap(new WeakHashMap<>());

  private final PrometheusMeterRegistry registry;
  /** Where the generic builders register when metrics are off: meters that do nothing. */
  private final MeterRegistry target;
  private final MeterCache cache;
  /** l1 hit, l1 miss, l2 hit, l2 miss; filled on first use (a race registers the same counter twice, harmlessly). */
  private final Counter[] cacheLookups = new Counter[4];

  private EmporiumMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.target = registry == null ? new CompositeMeterRegistry() : registry;
    this.cache = new MeterCache();
  }

  public static EmporiumMetrics on(PrometheusMeterRegistry registry) {
    return new EmporiumMetrics(registry);
  }

  /** The metrics of this Vert.x instance, or {@link #DISABLED} when none were bound to it. */
  public static EmporiumMetrics of(Vertx vertx) {
    EmporiumMetrics metrics = vertx == null ? null : BY_VERTX.get(vertx);
    return metrics == null ? DISABLED : metrics;
  }

  public static void bind(Vertx vertx, EmporiumMetrics metrics) {
    BY_VERTX.put(vertx, metrics);
  }

  public static void unbind(Vertx vertx) {
    BY_VERTX.remove(vertx);
  }

  public boolean enabled() {
    return registry != null;
  }

  /** The registry behind /metrics and the summary; empty when metrics are off. */
  public Optional<PrometheusMeterRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /** The Prometheus text exposition of everything this JVM measures. */
  public String scrape() {
    return registry == null ? "" : registry.scrape();
  }

  // ---- the four types, for metrics not named below ----

  public Counter counter(String name, String help, String... tags) {
    return Counter.builder(name).description(help).tags(tags).register(target);
  }

  /** A counter read from {@code count} at each scrape (a running total kept elsewhere, e.g. a LongAdder). */
  public FunctionCounter functionCounter(String name, String help, Supplier<Number> count, String... tags) {
    return FunctionCounter.builder(name, count, c -> c.get().doubleValue()).description(help).tags(tags)
        .register(target);
  }

  /** A gauge read from {@code value} at each scrape; the supplier must be cheap and thread-safe. */
  public Gauge gauge(String name, String help, Supplier<Number> value, String... tags) {
    return Gauge.builder(name, value).description(help).tags(tags).strongReference(true).register(target);
  }

  /** A latency histogram with {@link #LATENCY_BUCKETS}, aggregatable across JVMs in Prometheus. */
  public Timer histogram(String name, String help, String... tags) {
    return Timer.builder(name).description(help).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS)
        .minimumExpectedValue(LATENCY_BUCKETS[0]).maximumExpectedValue(LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1])
        .register(target);
  }

  /**
   * A summary with client-side p50/p95/p99, for sizes whose range no fixed buckets fit. The percentiles
   * are of the values recorded since the window last restarted (every {@link #SUMMARY_WINDOW}).
   */
  public DistributionSummary summary(String name, String help, String baseUnit, String... tags) {
    // One window, not Micrometer's three staggered ones: every value is recorded into each window's
    // concurrent histogram, and on the gateway's hottest path (a size per response) three cost 1 % of the CPU.
    return DistributionSummary.builder(name).description(help).baseUnit(baseUnit).tags(tags)
        .publishPercentiles(0.5, 0.95, 0.99).distributionStatisticExpiry(SUMMARY_WINDOW)
        .distributionStatisticBufferLength(1).register(target);
  }

  /** Removes a meter that no longer means anything (a gauge of an instance that left). */
  public void remove(Meter meter) {
    if (registry != null && meter != null) {
      registry.remove(meter);
    }
  }

  // ---- named counters, for the meters of each module (OutboxMeters, UserMeters, ProductMeters ...) ----

  /**
   * The counter of a named metric with these tag values, made at its first use and found again by name and
   * values without building a Micrometer id (one map lookup); a counter that counts nowhere when metrics are off.
   */
  public Counter named(String name, String help, String... tags) {
    return cache.counter(target, name, help, tags);
  }

  /** Adds one to a named counter ({@link #named}); nothing when metrics are off. */
  public void count(String name, String help, String... tags) {
    if (registry != null) {
      cache.counter(registry, name, help, tags).increment();
    }
  }

  /** Adds {@code amount} to a named counter ({@link #named}); nothing when metrics are off. */
  public void count(double amount, String name, String help, String... tags) {
    if (registry != null) {
      cache.counter(registry, name, help, tags).increment(amount);
    }
  }

  /** A named counter at zero from now on, so that an alert's increase has a first sample; nothing when off. */
  public void declare(String name, String help, String... tags) {
    if (registry != null) {
      cache.counter(registry, name, help, tags);
    }
  }

  // ---- HTTP (gateway; recorded by GatewayRequestMeters) ----

  /** The answers of one route template, method and status class. */
  Counter httpRequests(String route, String method, int status) {
    return cache.counter(target, Names.HTTP_REQUESTS, "Requests answered, by route template, method and status class",
        "route", route, "method", method, "status_class", statusClass(status));
  }

  /** The time to answer on one route template and method. */
  Timer httpDuration(String route, String method) {
    return cache.histogram(this, Names.HTTP_DURATION, "Time to answer a request, by route template",
        "route", route, "method", method);
  }

  /** The body sizes of requests or responses ({@code direction}). */
  DistributionSummary payloadSizes(String direction) {
    return cache.summary(this, Names.PAYLOAD_SIZE, "Body sizes of requests and responses", "bytes",
        "direction", direction);
  }

  /** A lookup in the GET cache: {@code level} l1 (in-process) or l2 (Redis). */
  public void cacheLookup(String level, boolean hit) {
    if (registry == null) {
      return;
    }
    // The four counters of every GET are kept at hand: a lookup per request showed in the profile.
    int slot = switch (level) {
      case "l1" -> 0;
      case "l2" -> 2;
      default -> throw new IllegalArgumentException("unknown cache level " + level);
    } + (hit ? 0 : 1);
    Counter lookups = cacheLookups[slot];
    if (lookups == null) {
      cacheLookups[slot] = lookups = cache.counter(registry, Names.CACHE_LOOKUPS, "GET cache lookups by level and result",
          "level", level, "result", hit ? "hit" : "miss");
    }
    lookups.increment();
  }

  /** The cache counters at zero from the start, so a hit ratio and its alerts have series before any lookup. */
  public void declareCacheLookups() {
    if (registry == null) {
      return;
    }
    for (String level : new String[] {"l1", "l2"}) {
      for (String result : new String[] {"hit", "miss"}) {
        cache.counter(registry, Names.CACHE_LOOKUPS, "GET cache lookups by level and result", "level", level,
            "result", result);
      }
    }
  }

  // ---- mesh (every caller of a service) ----

  /**
   * One call through the mesh, retries included: {@code outcome} success, answer (a coded answer) or failure.
   * Counted by action and outcome, timed by service only: a histogram per action and outcome was 768 of
   * 2,331 series after the contract workload, and an action's latency is its route's, which
   * {@code emporium_http_request_duration_seconds} already has.
   */
  public void meshCall(String service, String action, String outcome, long nanos) {
    if (registry == null) {
      return;
    }
    cache.counter(registry, Names.MESH_CALLS, "Event-bus calls through the mesh, by service, action and outcome",
        "destination_service", service, "action", action, "outcome", outcome).increment();
    cache.histogram(this, Names.MESH_CALL_DURATION, "Time of event-bus calls through the mesh, by service",
        "destination_service", service).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void meshRetry(String service) {
    count(Names.MESH_RETRIES, "Retries the mesh made, by service", "destination_service", service);
  }

  // ---- stores ----

  /**
   * One statement: counted by its operation (select, insert ...), its main table and whether it succeeded,
   * timed by operation: a histogram per operation, table and outcome was 520 of 2,176 series after the
   * contract workload on PostgreSQL.
   */
  public void dbOperation(String operation, String table, boolean success, long nanos) {
    if (registry == null) {
      return;
    }
    cache.counter(registry, Names.DB_OPERATIONS, "Database statements, by operation, table and outcome",
        "operation", operation, "table", table, "outcome", success ? "success" : "failure").increment();
    cache.histogram(this, Names.DB_DURATION, "Time of database statements, by operation", "operation", operation)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void redisCommand(String command, boolean success, long nanos) {
    if (registry == null) {
      return;
    }
    cache.histogram(this, Names.REDIS_DURATION, "Redis commands, by command and outcome",
        "command", command, "outcome", success ? "success" : "failure").record(nanos, TimeUnit.NANOSECONDS);
  }

  // ---- the bus ----

  /**
   * A bus message refused by the signed-caller check of {@code service} (a caller identity without a valid
   * gateway signature): a process on the bus claiming to be someone.
   */
  public void callerRefused(String service) {
    count(Names.CALLER_REFUSALS, CALLER_REFUSALS_HELP, "destination_service", service);
  }

  /** The refusal counter of {@code service} at zero from its first instance's start. */
  public void declareCallerRefusals(String service) {
    if (registry != null) {
      cache.counter(registry, Names.CALLER_REFUSALS, CALLER_REFUSALS_HELP, "destination_service", service);
    }
  }

  private static final String CALLER_REFUSALS_HELP =
      "Bus messages refused by the signed-caller check (no valid gateway signature), by the service addressed";

  static String statusClass(int status) {
    return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
  }

  /** The metric names, as Micrometer names (Prometheus adds the unit and _total). */
  public static final class Names {
    public static final String HTTP_REQUESTS = "emporium.http.requests";
    public static final String HTTP_DURATION = "emporium.http.request.duration";
    public static final String PAYLOAD_SIZE = "emporium.http.payload.size";
    public static final String CACHE_LOOKUPS = "emporium.cache.lookups";
    public static final String MESH_CALL_DURATION = "emporium.mesh.call.duration";
    public static final String MESH_CALLS = "emporium.mesh.calls";
    public static final String MESH_RETRIES = "emporium.mesh.retries";
    public static final String MESH_CIRCUIT_STATE = "emporium.mesh.circuit.state";
    public static final String MESH_INSTANCES = "emporium.mesh.instances";
    public static final String MESH_HEDGES = "emporium.mesh.hedges";
    public static final String MESH_EJECTIONS = "emporium.mesh.ejections";
    public static final String DB_DURATION = "emporium.db.operation.duration";
    public static final String DB_OPERATIONS = "emporium.db.operations";
    public static final String REDIS_DURATION = "emporium.redis.command.duration";
    public static final String CALLER_REFUSALS = "emporium.bus.caller.refusals";

    private Names() {}
  }

  /** Tags of a meter as one list, for the cache key. */
  static Tags tags(String... keyValues) {
    return Tags.of(keyValues);
  }
}
