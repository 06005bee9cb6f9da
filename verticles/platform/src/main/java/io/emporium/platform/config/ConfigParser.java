package io.emporium.platform.config;

import io.emporium.platform.config.EmporiumConfig.AdminAccount;
import io.emporium.platform.config.EmporiumConfig.ClusterSettings;
import io.emporium.platform.config.EmporiumConfig.HttpSettings;
import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.config.EmporiumConfig.JwtSettings;
import io.emporium.platform.config.EmporiumConfig.OutboxSettings;
import io.emporium.platform.config.EmporiumConfig.PgSettings;
import io.emporium.platform.config.EmporiumConfig.Profile;
import io.emporium.platform.config.EmporiumConfig.RetentionSettings;
import io.emporium.platform.config.EmporiumConfig.Secret;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.emporium.platform.config.EmporiumConfig.StoreSettings;
import io.emporium.platform.config.EmporiumConfig.Timeouts;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns raw string values (one per {@link ConfigKey}) into a validated {@link EmporiumConfig}: the
 * platform's own settings, then the modules' {@link ConfigSection}s, which read through this parser.
 * Collects every problem before failing so that one start shows them all.
 */
public final class ConfigParser implements ConfigReader {
  static final int MIN_JWT_SECRET_LENGTH = 32;
  /** Ten years: a longer retention would be no retention at all. */
  static final int MAX_RETENTION_HOURS = 87_600;

  private final Map<ConfigKey, String> raw;
  private final List<String> problems = new ArrayList<>();

  @Override
  public void problem(ConfigKey key, String text) {
    problems.add(problemPrefix(key) + " " + text);
  }

  private ConfigParser(Map<ConfigKey, String> raw) {
    this.raw = raw;
  }

  public static EmporiumConfig parse(Map<ConfigKey, String> raw) {
    return new ConfigParser(raw).parse();
  }

  private EmporiumConfig parse() {
    Profile profile = parseEnum(ConfigKey.PROFILE, Profile.class);
    Set<Role> roles = roles();
    Map<Role, Integer> instances = new EnumMap<>(Role.class);
    instances.put(Role.GATEWAY, coresOrCount(ConfigKey.INSTANCES_GATEWAY));
    boolean clustered = bool(ConfigKey.CLUSTER_ENABLED);
    instances.put(Role.USER, serviceInstances(ConfigKey.INSTANCES_USER, clustered));
    instances.put(Role.PRODUCT, serviceInstances(ConfigKey.INSTANCES_PRODUCT, clustered));
    instances.put(Role.ORDER, serviceInstances(ConfigKey.INSTANCES_ORDER, clustered));
    int eventLoops = coresOrCount(ConfigKey.EVENT_LOOPS);
    HttpSettings http = new HttpSettings(
        nonBlank(ConfigKey.HTTP_HOST),
        intIn(ConfigKey.HTTP_PORT, 0, 65_535),
        intIn(ConfigKey.HTTP_MAX_BODY_BYTES, 1_024, 64 * 1024 * 1024),
        intIn(ConfigKey.HTTP_IDLE_TIMEOUT_SECONDS, 1, 3_600));
    StoreKind storeKind = parseEnum(ConfigKey.STORE, StoreKind.class);
    Optional<PgSettings> pg = pgSettings(storeKind);
    Optional<String> redisUrl = redisUrl();
    ClusterSettings cluster = new ClusterConfigParser(this).parse(profile, clustered);
    JwtSettings jwt = new JwtConfigParser(this).parse(profile, roles.contains(Role.USER),
        cluster.enabled() && (roles.contains(Role.GATEWAY) || roles.contains(Role.USER)));
    OutboxSettings outbox = new OutboxSettings(intIn(ConfigKey.OUTBOX_POLL_MS, 10, 60_000),
        intIn(ConfigKey.OUTBOX_MAX_ATTEMPTS, 1, 100));
    RetentionSettings retention = new RetentionSettings(
        intIn(ConfigKey.RETENTION_SWEEP_INTERVAL_MS, 1_000, 86_400_000),
        intIn(ConfigKey.OUTBOX_RETENTION_HOURS, 1, MAX_RETENTION_HOURS),
        intIn(ConfigKey.AUTH_SESSION_RETENTION_HOURS, 1, MAX_RETENTION_HOURS),
        intIn(ConfigKey.RETENTION_ACCOUNT_AUDIT_HOURS, 1, MAX_RETENTION_HOURS),
        intIn(ConfigKey.RETENTION_PRODUCT_AUDIT_HOURS, 1, MAX_RETENTION_HOURS),
        intIn(ConfigKey.RETENTION_FINISHED_RESERVATION_HOURS, 1, MAX_RETENTION_HOURS));
    Optional<AdminAccount> admin = admin();
    Optional<Secret> metricsToken = optional(ConfigKey.METRICS_TOKEN).map(Secret::new);
    Timeouts timeouts = new Timeouts(
        intIn(ConfigKey.BUS_TIMEOUT_MS, 10, 600_000),
        intIn(ConfigKey.HEALTH_TIMEOUT_MS, 10, 60_000),
        intIn(ConfigKey.SHUTDOWN_DRAIN_MS, 0, 600_000),
        intIn(ConfigKey.STARTUP_TIMEOUT_MS, 1_000, 3_600_000));
    InstanceSettings instance = new InstanceSettings(nonBlank(ConfigKey.INSTANCE_VERSION),
        intIn(ConfigKey.INSTANCE_WEIGHT, 1, 10_000), timeouts.shutdownDrainMs(), maxRequestBytes(http));
    EmporiumConfig.ObservabilitySettings observability = new ObservabilityConfigParser(this).parse();
    if (profile == Profile.PRODUCTION && storeKind != StoreKind.POSTGRES) {
      problems.add(ConfigKey.STORE.key() + " (" + ConfigKey.STORE.envName()
          + ") must be 'postgres' in the production profile: the in-memory store loses every write on restart");
    }
    ConfigSections sections = new ConfigSections();
    EmporiumConfig config = new EmporiumConfig(profile, roles, instances, eventLoops, instance, http,
        new StoreSettings(storeKind, pg), redisUrl, jwt, outbox, admin, metricsToken, timeouts, cluster,
        observability, retention, sections);
    sections.readAll(this, config);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  /**
   * A shipped placeholder is refused in every profile; in production, so is a secret whose estimated
   * entropy is too low to be a real one ({@link SecretStrength}).
   */
  void weakSecret(ConfigKey key, String secret, Profile profile) {
    (profile == Profile.PRODUCTION ? SecretStrength.problem(secret) : SecretStrength.placeholder(secret))
        .ifPresent(why -> problem(key, why));
  }

  @Override
  public String value(ConfigKey key) {
    String v = raw.get(key);
    return v == null ? "" : v.trim();
  }

  @Override
  public Optional<String> optional(ConfigKey key) {
    String v = value(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  static String problemPrefix(ConfigKey key) {
    return key.key() + " (" + key.envName() + ")";
  }

  /**
   * The services' request limit: never below what a gateway of the same configuration accepts over
   * HTTP, or a body the gateway took would be refused behind it.
   */
  private int maxRequestBytes(HttpSettings http) {
    int max = intIn(ConfigKey.BUS_MAX_REQUEST_BYTES, 1_024, 256 * 1024 * 1024);
    if (max < http.maxBodyBytes()) {
      problems.add(problemPrefix(ConfigKey.BUS_MAX_REQUEST_BYTES) + " must be at least "
          + ConfigKey.HTTP_MAX_BODY_BYTES.key() + " (" + http.maxBodyBytes() + "), got " + max);
    }
    return max;
  }

  @Override
  public String nonBlank(ConfigKey key) {
    String v = value(key);
    if (v.isEmpty()) {
      problems.add(problemPrefix(key) + " must not be empty");
    }
    return v;
  }

  /**
   * {@code auto}: in one JVM, one per core (each event loop then holds one instance of each role and the mesh
   * keeps a call on its loop); in a cluster, one per JVM (the mesh spreads over JVMs there, and keeps to a loop
   * only when every candidate is in the caller's JVM). Else as {@link #coresOrCount}.
   */
  private int serviceInstances(ConfigKey key, boolean clustered) {
    if (!"auto".equals(value(key).trim())) {
      return coresOrCount(key);
    }
    return clustered ? 1 : Runtime.getRuntime().availableProcessors();
  }

  /** {@code cores}: one per processor the JVM may use (as Vert.x deployments count), else a number 1-64. */
  private int coresOrCount(ConfigKey key) {
    return "cores".equals(value(key).trim()) ? Runtime.getRuntime().availableProcessors() : intIn(key, 1, 64);
  }

  @Override
  public int intIn(ConfigKey key, int min, int max) {
    String v = value(key);
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        problems.add(problemPrefix(key) + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(problemPrefix(key) + " must be a whole number, got '" + v + "'");
      return min;
    }
  }

  /** A share between 0 and 1 (inclusive), written as a decimal number. */
  @Override
  public double ratio(ConfigKey key) {
    String v = value(key);
    try {
      double n = Double.parseDouble(v);
      if (!(n >= 0 && n <= 1)) {
        problems.add(problemPrefix(key) + " must be between 0 and 1, got " + v);
        return 0;
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(problemPrefix(key) + " must be a number between 0 and 1, got '" + v + "'");
      return 0;
    }
  }

  @Override
  public boolean bool(ConfigKey key) {
    String v = value(key).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problems.add(problemPrefix(key) + " must be true or false, got '" + v + "'");
        yield false;
      }
    };
  }

  @Override
  public <E extends Enum<E>> E parseEnum(ConfigKey key, Class<E> type) {
    String v = value(key);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(v)) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.name().toLowerCase(Locale.ROOT));
    }
    problems.add(problemPrefix(key) + " must be one of " + allowed + ", got '" + v + "'");
    return type.getEnumConstants()[0];
  }

  private Set<Role> roles() {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : value(ConfigKey.ROLES).split(",")) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (trimmed.isEmpty()) {
        continue;
      }
      Role.fromWire(trimmed).ifPresentOrElse(roles::add,
          () -> problems.add(problemPrefix(ConfigKey.ROLES) + " has unknown role '" + trimmed
              + "'; known roles: gateway, user, product, order"));
    }
    if (roles.isEmpty()) {
      problems.add(problemPrefix(ConfigKey.ROLES) + " must name at least one of gateway, user, product, order");
    }
    return roles;
  }

  private Optional<PgSettings> pgSettings(StoreKind storeKind) {
    Optional<String> url = optional(ConfigKey.PG_URL);
    int poolSize = intIn(ConfigKey.PG_POOL_SIZE, 1, 200);
    int timeoutMs = intIn(ConfigKey.PG_TIMEOUT_MS, 100, 600_000);
    if (url.isEmpty()) {
      if (storeKind == StoreKind.POSTGRES) {
        problems.add(problemPrefix(ConfigKey.PG_URL) + " is required when store is 'postgres'");
      }
      return Optional.empty();
    }
    String u = url.get();
    if (!u.startsWith("postgresql://") && !u.startsWith("postgres://")) {
      problems.add(problemPrefix(ConfigKey.PG_URL) + " must start with postgresql:// (got a malformed URL)");
      return Optional.empty();
    }
    try {
      PgConnectOptions options = PgConnectOptions.fromUri(u);
      if (options.getDatabase() == null || options.getDatabase().isBlank()) {
        problems.add(problemPrefix(ConfigKey.PG_URL) + " must name a database, e.g. postgresql://host:5432/emporium");
        return Optional.empty();
      }
      return Optional.of(new PgSettings(options.getHost(), options.getPort(), options.getDatabase(),
          options.getUser(), new Secret(options.getPassword()), poolSize, timeoutMs));
    } catch (RuntimeException malformed) {
      problems.add(problemPrefix(ConfigKey.PG_URL) + " is not a valid PostgreSQL URL");
      return Optional.empty();
    }
  }

  private Optional<String> redisUrl() {
    Optional<String> url = optional(ConfigKey.REDIS_URL);
    url.ifPresent(u -> {
      try {
        URI uri = new URI(u);
        if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
          problems.add(problemPrefix(ConfigKey.REDIS_URL) + " must look like redis://host:6379");
        }
      } catch (URISyntaxException e) {
        problems.add(problemPrefix(ConfigKey.REDIS_URL) + " is not a valid URL");
      }
    });
    return url;
  }

  private Optional<AdminAccount> admin() {
    Optional<String> email = optional(ConfigKey.ADMIN_EMAIL);
    Optional<String> password = optional(ConfigKey.ADMIN_PASSWORD);
    if (email.isPresent() != password.isPresent()) {
      problems.add(problemPrefix(ConfigKey.ADMIN_EMAIL) + " and " + problemPrefix(ConfigKey.ADMIN_PASSWORD)
          + " must be set together");
      return Optional.empty();
    }
    if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+")) {
      problems.add(problemPrefix(ConfigKey.ADMIN_EMAIL) + " is not an email address");
    }
    return email.map(e -> new AdminAccount(e, new Secret(password.get())));
  }
}
