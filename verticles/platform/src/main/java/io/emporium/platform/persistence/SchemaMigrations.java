package io.emporium.platform.persistence;

import io.emporium.platform.config.EmporiumConfig.PgSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a service's schema to the current version with Flyway. Each service owns one PostgreSQL
 * schema and its own migration history in it, so services migrate independently. Flyway uses JDBC
 * and blocks, so it runs on a worker thread, once, at start.
 */
public final class SchemaMigrations {
  /**
   * The platform's migration of a service's outbox table ({@code R__outbox.sql}, repeatable, run after the
   * service's versioned migrations; it creates the table and its indexes only where they are missing). A
   * service lists it beside its own location instead of creating the table itself.
   */
  public static final String OUTBOX = "db/outbox";

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

  private SchemaMigrations() {}

  /**
   * @param schema the service's schema, e.g. {@code product}
   * @param location classpath folder of its migrations, e.g. {@code db/product}
   */
  public static Future<Integer> migrate(Vertx vertx, PgSettings settings, String schema, String location) {
    return migrate(vertx, settings, schema, List.of(location));
  }

  /**
   * @param schema the service's schema, e.g. {@code product}
   * @param locations classpath folders of its migrations, e.g. {@code db/product}, and {@link #OUTBOX}
   *     for a schema whose outbox the platform's migration creates
   */
  public static Future<Integer> migrate(Vertx vertx, PgSettings settings, String schema, List<String> locations) {
    String[] classpath = locations.stream().map(location -> "classpath:" + location).toArray(String[]::new);
    return vertx.executeBlocking(() -> {
      Flyway flyway = Flyway.configure()
          .dataSource(settings.jdbcUrl(), settings.user(), settings.password().value())
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .locations(classpath)
          .connectRetries(3)
          .load();
      MigrateResult result = flyway.migrate();
      LOG.info("schema {} at version {} ({} migration(s) applied)", schema,
          result.targetSchemaVersion == null ? flyway.info().current().getVersion() : result.targetSchemaVersion,
          result.migrationsExecuted);
      return result.migrationsExecuted;
    }, false);
  }
}
