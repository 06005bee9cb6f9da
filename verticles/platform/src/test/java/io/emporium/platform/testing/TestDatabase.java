package io.emporium.platform.testing;

import io.emporium.platform.config.EmporiumConfig.PgSettings;
import io.emporium.platform.config.EmporiumConfig.Secret;
import io.emporium.platform.persistence.PgPools;
import io.emporium.platform.persistence.SchemaMigrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL database that repository tests run against: {@value #URL_ENV}, or a local database
 * with trust authentication. There is no skip when it is missing: a test that cannot reach it fails,
 * so a green build always means the PostgreSQL store was tested.
 */
public final class TestDatabase {
  public static final String URL_ENV = "EMPORIUM_TEST_PG_URL";
  public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/emporium_test";
  static final int POOL_SIZE = 4;
  static final int TIMEOUT_MS = 5_000;
  private static final Map<String, CompletableFuture<Integer>> MIGRATED = new ConcurrentHashMap<>();

  private TestDatabase() {}

  public static String url() {
    return Optional.ofNullable(System.getenv(URL_ENV)).filter(u -> !u.isBlank()).orElse(DEFAULT_URL);
  }

  /** Settings for {@link #url()}, parsed the way the application parses {@code pg.url}. */
  public static PgSettings settings() {
    return settings(url());
  }

  static PgSettings settings(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return new PgSettings(options.getHost(), options.getPort(), options.getDatabase(), options.getUser(),
        new Secret(options.getPassword()), POOL_SIZE, TIMEOUT_MS);
  }

  /** Runs the service's Flyway migrations, exactly as the service does at start. */
  public static Future<Integer> migrate(Vertx vertx, String schema, String location) {
    return migrate(vertx, schema, List.of(location));
  }

  /** Runs the Flyway migrations of these locations (a service's, {@code SchemaMigrations.OUTBOX}) in one history. */
  public static Future<Integer> migrate(Vertx vertx, String schema, List<String> locations) {
    PgSettings settings = settings();
    return SchemaMigrations.migrate(vertx, settings, schema, locations)
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot migrate schema '" + schema
            + "' in the test database " + settings.host() + ":" + settings.port() + "/" + settings.database()
            + " (is PostgreSQL running and the database created? set " + URL_ENV + " to use another)", e)));
  }

  /**
   * {@link #migrate} once per JVM for each schema: later calls get the first outcome, so a suite against
   * an unreachable database fails at once for every test instead of waiting out Flyway's retries each time.
   */
  public static Future<Integer> migrateOnce(Vertx vertx, String schema, String location) {
    // A CompletableFuture, not a Vert.x Future: each test has its own Vertx, closed after the test.
    CompletableFuture<Integer> outcome = MIGRATED.computeIfAbsent(schema + "@" + location, key -> {
      CompletableFuture<Integer> first = new CompletableFuture<>();
      migrate(vertx, schema, location).onComplete(ar -> {
        if (ar.succeeded()) {
          first.complete(ar.result());
        } else {
          first.completeExceptionally(ar.cause());
        }
      });
      return first;
    });
    return Future.fromCompletionStage(outcome, vertx.getOrCreateContext());
  }

  /** A pool built the way services build theirs. Close it (or the Vertx) after the test. */
  public static Pool pool(Vertx vertx, String applicationName) {
    return PgPools.create(vertx, settings(), applicationName);
  }

  /**
   * Empties the given tables (schema-qualified, e.g. {@code product.products}) so each test starts
   * from nothing. The names come from test code, never from input, so they are not bound.
   */
  public static Future<Void> truncate(Pool pool, String... qualifiedTables) {
    if (qualifiedTables.length == 0) {
      return Future.succeededFuture();
    }
    String tables = String.join(", ", Arrays.asList(qualifiedTables));
    return pool.query("TRUNCATE TABLE " + tables).execute().mapEmpty();
  }

  /** Migrates, then builds a pool and empties the tables: the usual {@code @BeforeEach} of a PostgreSQL test. */
  public static Future<Pool> prepare(Vertx vertx, String schema, String location, String... qualifiedTables) {
    return migrateOnce(vertx, schema, location).compose(applied -> {
      Pool pool = pool(vertx, schema + "-test");
      return truncate(pool, qualifiedTables)
          .map(pool)
          .recover(e -> pool.close().transform(closed -> Future.failedFuture(e)));
    });
  }
}
