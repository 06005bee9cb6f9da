package io.emporium.tests;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code emporium.jar} running in its own JVM, as an operator starts it:
 * {@code java <flags> -jar emporium.jar --key=value ...}. Start it through {@link ChildJvms}, which
 * keeps its logs and kills it if the test does not stop it.
 *
 * <p>The working directory is the process's own log folder under {@code target/}, not the
 * repository: the jar then runs on the defaults packed inside it ({@code conf/emporium.json},
 * {@code cluster-config/}), exactly as it would anywhere else.
 */
public final class EmporiumProcess {
  /** The launcher prints this once the JVM is ready (as /api/health/ready answers), at start or later. */
  public static final String READY = "Emporium ready";
  /** ... or this, once everything is deployed but something it needs is missing (a service, a store). */
  public static final String NOT_READY = "Emporium NOT ready";
  public static final String STOPPED = "Emporium stopped";
  /** Start takes 2-10 s on a 2-core machine (Hazelcast join, Flyway); the bound only catches hangs. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING =
      Pattern.compile("Emporium gateway listening on (?:every interface \\(\\S+\\) on port \\d+: )?"
          + "http://([^:/\\s]+):(\\d+)[ ,]");
  /** A small heap: several of these JVMs share a 2-core machine with the build. */
  private static final String HEAP = "-Xmx256m";

  private final ChildJvm jvm;

  private EmporiumProcess(ChildJvm jvm) {
    this.jvm = jvm;
  }

  /** Starts the jar; does not wait for it (see {@link #awaitReady()}). */
  static EmporiumProcess start(String name, Path directory, List<String> args, Map<String, String> env) {
    return start(name, directory, List.of(), args, env);
  }

  /** The same with more JVM options before {@code -jar} (e.g. {@code -Dname=value} switches). */
  static EmporiumProcess start(String name, Path directory, List<String> jvmOptions, List<String> args,
      Map<String, String> env) {
    Path jar = Path.of(requiredProperty("emporium.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no jar at " + jar + ": build it first with `mvn -B -q install -DskipTests`");
    }
    List<String> jvmArgs = new ArrayList<>(jvmFlags());
    jvmArgs.add(HEAP);
    jvmArgs.addAll(jvmOptions);
    List<String> arguments = new ArrayList<>(List.of("-jar", jar.toString()));
    arguments.addAll(args);
    return new EmporiumProcess(ChildJvm.start(name, directory, jvmArgs, arguments, env));
  }

  /** The flags every child JVM needs for Hazelcast on JDK 17 (from the root pom, through surefire). */
  static List<String> jvmFlags() {
    return ChildJvm.flags(requiredProperty("emporium.jvm.args"));
  }

  static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new AssertionError("system property " + name + " is not set: run the tests through Maven"
          + " (mvn test -pl tests), whose surefire configuration sets it");
    }
    return value;
  }

  public EmporiumProcess awaitReady() {
    return awaitReady(START_TIMEOUT);
  }

  /**
   * Waits until the start is over: {@value #READY}, or {@value #NOT_READY} when the JVM lacks something
   * it needs (a gateway started before the services it calls); fails with the logs if the JVM exits or
   * the time runs out.
   */
  public EmporiumProcess awaitReady(Duration timeout) {
    jvm.awaitStdout(timeout, READY, NOT_READY);
    return this;
  }

  /** The port from the "listening on" line; fails if this JVM runs no gateway. */
  public int httpPort() {
    return listening().map(m -> Integer.parseInt(m.group(2)))
        .orElseThrow(() -> new AssertionError(jvm.name() + " printed no 'listening on' line\n" + jvm.describe()));
  }

  public URI baseUri() {
    Matcher m = listening().orElseThrow(() -> new AssertionError(jvm.name() + " printed no 'listening on' line\n"
        + jvm.describe()));
    return URI.create("http://" + m.group(1) + ":" + m.group(2));
  }

  private java.util.Optional<Matcher> listening() {
    Matcher m = LISTENING.matcher(jvm.stdout());
    return m.find() ? java.util.Optional.of(m) : java.util.Optional.empty();
  }

  public String stdout() {
    return jvm.stdout();
  }

  public String stderr() {
    return jvm.stderr();
  }

  public void awaitStdout(String text, Duration timeout) {
    jvm.awaitStdout(text, timeout);
  }

  /** Graceful stop, as an orchestrator does it (Process.destroy is SIGTERM on Linux). */
  public void sigterm() {
    jvm.sigterm();
  }

  /** A crash: no shutdown hook runs, nothing is unpublished. */
  public void kill9() {
    jvm.kill9();
  }

  public int waitForExit(Duration timeout) {
    return jvm.waitForExit(timeout);
  }

  public boolean isAlive() {
    return jvm.isAlive();
  }

  public ChildJvm jvm() {
    return jvm;
  }

  public String describe() {
    return jvm.describe();
  }
}
