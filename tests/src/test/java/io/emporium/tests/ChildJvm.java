package io.emporium.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test: its stdout and stderr go to files (kept under {@code target/} so a failed
 * run can be read afterwards), and every wait on it is bounded. Whatever a test forgets to stop is
 * killed by {@link ChildJvms} after the test class, and by a shutdown hook of the test JVM as a last
 * resort, so no child outlives the build.
 */
public final class ChildJvm {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final Duration POLL = Duration.ofMillis(50);
  private static final int TAIL_LINES = 60;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
        "kill-child-jvms"));
  }

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final List<String> command;

  private ChildJvm(String name, Process process, Path stdout, Path stderr, List<String> command) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.command = command;
  }

  /**
   * Starts {@code java <jvmArgs> <arguments>} in {@code directory} (created if needed), which also
   * receives {@code stdout.log} and {@code stderr.log}. The child inherits this JVM's environment
   * without any {@code EMPORIUM_*} variable, plus {@code env}: a developer's shell cannot change
   * what a test runs.
   */
  static ChildJvm start(String name, Path directory, List<String> jvmArgs, List<String> arguments,
      Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(arguments);
    try {
      Files.createDirectories(directory);
      Path out = directory.resolve("stdout.log");
      Path err = directory.resolve("stderr.log");
      Files.writeString(directory.resolve("command.txt"), String.join(" ", command) + System.lineSeparator());
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("EMPORIUM_"));
      builder.environment().putAll(env);
      Process process = builder.start();
      LIVE.add(process);
      process.onExit().thenRun(() -> LIVE.remove(process));
      return new ChildJvm(name, process, out, err, command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  /** Splits a space-separated list of JVM flags as Maven passes it in a system property. */
  static List<String> flags(String spaceSeparated) {
    return Arrays.stream(spaceSeparated.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  /** Waits until stdout contains {@code text}; fails early, with the logs, if the JVM exits first. */
  public void awaitStdout(String text, Duration timeout) {
    awaitStdout(timeout, text);
  }

  /** Waits until stdout holds any of the texts. */
  public void awaitStdout(Duration timeout, String... anyOf) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String texts = "'" + String.join("' or '", anyOf) + "'";
    while (java.util.Arrays.stream(anyOf).noneMatch(stdout()::contains)) {
      if (!process.isAlive() && java.util.Arrays.stream(anyOf).noneMatch(stdout()::contains)) {
        throw new AssertionError(name + " exited with code " + process.exitValue() + " before printing " + texts
            + "\n" + describe());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not print " + texts + " within " + timeout.toSeconds() + " s; "
            + threadDump() + "\n" + describe());
      }
      pause();
    }
  }

  /**
   * Where a JVM that missed its bound was waiting: its threads (jstack, beside the java it runs on), written next
   * to its stdout, since the JVM is killed after the test. Says where the dump went, or why there is none.
   */
  private String threadDump() {
    Path dump = stdout.resolveSibling("threads-at-timeout.txt");
    try {
      Path jstack = Path.of(command.get(0)).resolveSibling("jstack");
      Process jstackRun = new ProcessBuilder(jstack.toString(), String.valueOf(process.pid()))
          .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
      if (!jstackRun.waitFor(20, TimeUnit.SECONDS)) {
        jstackRun.destroyForcibly();
        return "jstack did not finish in 20 s (partial dump in " + dump + ")";
      }
      return "its threads then: " + dump;
    } catch (IOException | RuntimeException e) {
      return "no thread dump: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no thread dump: interrupted";
    }
  }

  /** SIGTERM on Linux: the JVM runs its shutdown hooks. */
  public void sigterm() {
    process.destroy();
  }

  /** SIGKILL: no shutdown hook runs, as in a crash. */
  public void kill9() {
    process.destroyForcibly();
  }

  /** The exit code; fails, with the logs, if the JVM is still running after {@code timeout}. */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " (pid " + process.pid() + ") was still running after "
            + timeout.toSeconds() + " s\n" + describe());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name, e);
    }
  }

  /** Kills the JVM if it still runs and waits (bounded) until it is gone. */
  void killIfAlive() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Name, command, where the logs are, and their last lines: what a failure message needs. */
  public String describe() {
    return "---- " + name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exit code "
        + process.exitValue()) + ")\n"
        + "command: " + String.join(" ", command) + "\n"
        + "stdout (" + stdout + "), last lines:\n" + tail(stdout()) + "\n"
        + "stderr (" + stderr + "), last lines:\n" + tail(stderr()) + "\n----";
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  private static String read(Path file) {
    try {
      // Lenient decoding: a stray byte in a log must not hide the rest of it.
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
