package io.emporium.user;

import io.emporium.contract.Addresses;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.emporium.platform.metrics.SampledGauges;
import io.emporium.platform.outbox.BusDelivery;
import io.emporium.platform.outbox.OutboxMeters;
import io.emporium.platform.outbox.OutboxRelay;
import io.emporium.platform.outbox.OutboxRetention;
import io.emporium.platform.outbox.RelaySettings;
import io.emporium.platform.persistence.PgPools;
import io.emporium.platform.persistence.SchemaMigrations;
import io.emporium.platform.security.AccessTokens;
import io.emporium.user.config.AuthSettings;
import io.emporium.user.config.NotifySettings;
import io.emporium.user.config.NotifySettings.NotifySender;
import io.emporium.user.domain.UserStats;
import io.emporium.user.notify.LoggingSender;
import io.emporium.user.notify.NotificationSender;
import io.emporium.user.notify.NotificationsVerticle;
import io.emporium.user.notify.Recipient;
import io.emporium.user.notify.SmtpSender;
import io.emporium.user.password.PasswordHasher;
import io.emporium.user.password.PasswordPolicy;
import io.emporium.user.store.InMemoryUserRepository;
import io.emporium.user.store.PgUserRepository;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The user service's per-JVM resources, shared by every user instance of the JVM: one repository (one
 * pool, one migration run, one in-memory store), one password hasher (its worker pool and queue
 * bound), the access-token signer, and the helpers deployed once per JVM with the user role: the
 * outbox relay, the notifications consumer and the retention sweep. At start it also makes the
 * bootstrap admin exist.
 */
public final class UserModule {
  /** Not {@code user}: that is a reserved word in PostgreSQL (the store names it). */
  public static final String SCHEMA = PgUserRepository.SCHEMA;
  public static final String MIGRATIONS = "db/user";
  /** How often the active-user gauges count (the same figures as the admin stats). */
  static final long ACTIVE_USERS_SAMPLE_MS = 30_000;

  private final Vertx vertx;
  private final EmporiumConfig config;
  private final UserRepository repository;
  private final Pool pool;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final AccessTokens accessTokens;
  private final NotificationSender sender;
  private final List<String> helpers = new ArrayList<>();

  private UserModule(Vertx vertx, EmporiumConfig config, UserRepository repository, Pool pool) {
    this.vertx = vertx;
    this.config = config;
    this.repository = repository;
    this.pool = pool;
    this.hasher = PasswordHasher.create(vertx, AuthSettings.of(config));
    this.policy = PasswordPolicy.standard();
    this.accessTokens = AccessTokens.create(vertx, config.jwt());
    NotifySettings notifications = NotifySettings.of(config);
    this.sender = notifications.sender() == NotifySender.SMTP
        ? SmtpSender.create(vertx, notifications, config.timeouts().busMs())
        : new LoggingSender();
  }

  /** The store the configuration names (migrated first when it is PostgreSQL). */
  public static Future<UserModule> start(Vertx vertx, EmporiumConfig config) {
    if (config.store().kind() == StoreKind.MEMORY) {
      return start(vertx, config, new InMemoryUserRepository(), null);
    }
    EmporiumConfig.PgSettings pg = config.store().pg().orElseThrow();
    return SchemaMigrations.migrate(vertx, pg, SCHEMA, MIGRATIONS).compose(applied -> {
      Pool pool = PgPools.perEventLoop(vertx, pg, "user", config.eventLoops());
      return start(vertx, config, new PgUserRepository(vertx, pool, pg.timeoutMs()), pool);
    });
  }

  /** With a given repository (tests, or a store made elsewhere); closing the module does not close it. */
  public static Future<UserModule> start(Vertx vertx, EmporiumConfig config, UserRepository repository) {
    return start(vertx, config, repository, null);
  }

  private static Future<UserModule> start(Vertx vertx, EmporiumConfig config, UserRepository repository, Pool pool) {
    UserModule module;
    try {
      module = new UserModule(vertx, config, repository, pool);
    } catch (RuntimeException e) {
      return (pool == null ? Future.<Void>succeededFuture() : pool.close()).transform(x -> Future.failedFuture(e));
    }
    return module.hasher.start()
        .compose(v -> config.admin().map(admin -> AdminBootstrap.ensure(repository, module.hasher, module.policy, admin))
            .orElseGet(Future::succeededFuture))
        .compose(v -> module.deployHelpers())
        .map(module)
        .recover(e -> module.close().transform(closed -> Future.failedFuture(e)));
  }

  private Future<Void> deployHelpers() {
    long busMs = config.timeouts().busMs();
    OutboxRelay relay = new OutboxRelay(repository.outbox(),
        new BusDelivery(vertx, Addresses.notifications(), busMs), RelaySettings.from(config.outbox(), busMs),
        OutboxRetention.from("user", config.retention(), busMs));
    return vertx.deployVerticle(new NotificationsVerticle(sender, this::recipient)).compose(id -> {
      helpers.add(id);
      return vertx.deployVerticle(relay);
    }).compose(id -> {
      helpers.add(id);
      return vertx.deployVerticle(Retention.from(repository, config.retention(), busMs));
    }).compose(id -> {
      helpers.add(id);
      return vertx.deployVerticle(OutboxMeters.gauges("user", repository.outbox()));
    }).compose(id -> {
      helpers.add(id);
      return vertx.deployVerticle(activeUsers());
    }).map(id -> {
      helpers.add(id);
      return null;
    });
  }

  /** The account an order event names, for its notification; empty for an id that is no account (any more). */
  private Future<Optional<Recipient>> recipient(String userId) {
    UUID id;
    try {
      id = UUID.fromString(userId);
    } catch (IllegalArgumentException notAnAccountId) {
      return Future.succeededFuture(Optional.empty());
    }
    return repository.findById(id).map(found -> found.map(u -> new Recipient(u.id().toString(), u.email(), u.name())));
  }

  /** Users who signed in or refreshed in the last 24 hours and 7 days, counted every 30 s. */
  private SampledGauges<UserStats> activeUsers() {
    return new SampledGauges<UserStats>(ACTIVE_USERS_SAMPLE_MS, () -> {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      return repository.stats(today, today);
    })
        .gauge(UserMeters.ACTIVE_USERS, "Users who signed in or refreshed within the window",
            UserStats::activeLast24Hours, "window", "24h")
        .gauge(UserMeters.ACTIVE_USERS, "Users who signed in or refreshed within the window",
            UserStats::activeLast7Days, "window", "7d");
  }

  public UserRepository repository() {
    return repository;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  public PasswordPolicy policy() {
    return policy;
  }

  public AccessTokens accessTokens() {
    return accessTokens;
  }

  public EmporiumConfig config() {
    return config;
  }

  /**
   * Stops the helpers (the relay gives its leases back, the sweeps finish their batch), then the hasher
   * and the pool.
   */
  public Future<Void> close() {
    Future<Void> undeployed = Future.succeededFuture();
    List<String> newestFirst = new ArrayList<>(helpers);
    Collections.reverse(newestFirst);
    for (String id : newestFirst) {
      undeployed = undeployed.eventually(() -> vertx.undeploy(id).otherwiseEmpty());
    }
    helpers.clear();
    return undeployed
        .eventually(() -> sender.close().otherwiseEmpty())
        .eventually(() -> hasher.close().otherwiseEmpty())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close().otherwiseEmpty())
        .otherwiseEmpty();
  }
}
