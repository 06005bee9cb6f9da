package io.emporium.launcher;

import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.emporium.platform.config.Role;
import java.util.stream.Collectors;

/** What the operator reads on start: where it listens, what it runs, and what is not safe for production. */
final class Banner {
  private Banner() {}

  /**
   * Printed once everything is deployed; what is ready and what is not follows from
   * {@link ReadinessReport}, which scripts and tests wait for.
   */
  static void printStarted(RunningSystem system) {
    EmporiumConfig config = system.config();
    String roles = config.roles().stream()
        .map(r -> config.instancesOf(r) + " " + r.wireName())
        .collect(Collectors.joining(", "));
    System.out.println("Emporium started: " + roles + " (" + (system.clustered()
        ? "clustered, node " + system.nodeId() + ", event bus on " + config.cluster().host()
        : "single JVM, local event bus") + ", profile " + config.profile().name().toLowerCase() + ")");
    system.httpPort().ifPresent(port -> System.out.println("Emporium gateway listening on "
        + ListeningAddress.describe(config.http().host(), port) + " (health: /api/health)"));
    if (config.roles().contains(Role.USER) || config.roles().contains(Role.PRODUCT)
        || config.roles().contains(Role.ORDER)) {
      if (config.store().kind() == StoreKind.MEMORY) {
        System.out.println("WARNING: in-memory store: data is NOT durable and is lost when this JVM stops"
            + " (set EMPORIUM_STORE=postgres and EMPORIUM_PG_URL to keep it)");
      } else {
        EmporiumConfig.PgSettings pg = config.store().pg().orElseThrow();
        System.out.println("Store: PostgreSQL at " + pg.host() + ":" + pg.port() + "/" + pg.database());
      }
    }
    if (config.jwt().generated() && (config.roles().contains(Role.GATEWAY) || config.roles().contains(Role.USER))) {
      System.out.println("WARNING: no EMPORIUM_JWT_SECRET set: a random secret was generated for this start;"
          + " tokens stop working when it stops");
    }
  }
}
