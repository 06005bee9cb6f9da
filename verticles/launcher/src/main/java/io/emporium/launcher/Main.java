package io.emporium.launcher;

import io.emporium.launcher.logging.LoggingSetup;
import io.emporium.platform.config.ConfigException;
import io.emporium.platform.config.ConfigLoader;
import io.emporium.platform.config.EmporiumConfig;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar emporium.jar [--key=value ...]}: loads the configuration, starts Vert.x (clustered
 * when asked), deploys the configured roles, and on SIGTERM shuts down gracefully.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final int EXIT_BAD_CONFIG = 2;
  static final int EXIT_START_FAILED = 1;
  private static final long CLOSE_AFTER_FAILED_START_S = 10;

  private Main() {}

  public static void main(String[] args) {
    EmporiumConfig config;
    try {
      config = loadConfig(args);
    } catch (ConfigException e) {
      System.err.println("Emporium cannot start: " + e.getMessage());
      System.exit(EXIT_BAD_CONFIG);
      return;
    }
    LoggingSetup.apply(config);
    try {
      RunningSystem system = EmporiumSystem.start(config).toCompletionStage().toCompletableFuture()
          .get(config.timeouts().startupMs(), TimeUnit.MILLISECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(system, config), "emporium-shutdown"));
      Banner.printStarted(system);
      ReadinessReport.start(system.vertx(), system.readiness());
    } catch (TimeoutException e) {
      // Whatever hangs (a cluster join, a store) holds the Vert.x instance: exiting is the only bounded way out.
      System.err.println("Emporium failed to start: not started within " + config.timeouts().startupMs()
          + " ms (startup.timeout-ms)");
      System.exit(EXIT_START_FAILED);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof EmporiumSystem.StartFailure failure) {
        closeQuietly(failure.vertx());
        cause = failure.getCause();
      }
      LOG.debug("start failed", cause);
      System.err.println("Emporium failed to start: " + describe(cause));
      System.exit(EXIT_START_FAILED);
    }
  }

  /** Leaves the cluster before exiting, bounded: a failed start must end the process, never hang it. */
  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_AFTER_FAILED_START_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("closing Vert.x after a failed start", e);
    }
  }

  private static EmporiumConfig loadConfig(String[] args) throws ConfigException {
    Map<String, String> cli = ConfigLoader.parseArgs(args);
    Vertx bootstrap = Vertx.vertx();
    try {
      return ConfigLoader.load(bootstrap, cli, System.getenv()).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ConfigException ce) {
        throw ce;
      }
      throw new ConfigException(java.util.List.of("cannot read configuration: " + describe(cause)));
    } finally {
      bootstrap.close();
    }
  }

  /** Runs in the JVM's shutdown hook (SIGTERM, Ctrl-C): bounded by the drain time plus a margin. */
  private static void stop(RunningSystem system, EmporiumConfig config) {
    System.out.println("Emporium stopping: draining requests, leaving discovery and the cluster");
    CompletableFuture<Void> stopped = system.stop().toCompletionStage().toCompletableFuture();
    try {
      stopped.get(config.timeouts().shutdownDrainMs() + 10_000L, TimeUnit.MILLISECONDS);
      System.out.println("Emporium stopped");
    } catch (Exception e) {
      System.err.println("Emporium did not stop cleanly: " + describe(e.getCause() == null ? e : e.getCause()));
    }
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    // Some libraries (Flyway) append a multi-line report; the first line says what went wrong.
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.lines().findFirst().orElseThrow();
  }

}
