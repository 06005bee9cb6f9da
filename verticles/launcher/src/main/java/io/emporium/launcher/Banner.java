package io.emporium.launcher;

import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.StoreKind;
import io.emporium.platform.config.Role;
import java.util.stream.Collectors;

/** What the operator reads on start: where it listens, what it runs, and what is not safe for production. */
final class Banner {
  /** Printed last, once everything is deployed; scripts and tests wait for it. */
  static final String READY = "Emporium ready";

  private Banner() {}

  static void printReady(RunningSystem system) {
    EmporiumConfig config = system.config();
    String roles = config.roles().stream()
        .map(r -> config.instancesOf(r) + " " + r.wireName())
        .collect(Collectors.joining(", "));
    System.out.println("Emporium started: " + roles + " (" + (system.clustered()
        ? "clustered, node " + system.nodeId() + ", event bus on " + config.cluster().host()
        : "single JVM, local event bus") + ", profile " + config.profile().name().toLowerCase() + ")");
    system.httpPort().ifPresent(port -> System.out.println("Emporium gateway listening on http://"
        + displayHost(config.http().host()) + ":" + port + " (health: /api/health)"));
    if (config.roles().contains(Role.USER) || config.roles().contains(Role.PRODUCT)) {
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
    System.out.println(READY);
  }

  private static String displayHost(String host) {
    return "0.0.0.0".equals(host) ? "127.0.0.1" : host;
  }
}
