package io.emporium.tests.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.tests.ChildJvm;
import io.emporium.tests.ChildJvms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The outside program of {@code tests/outside-client}: another team's build, with only the dependencies
 * EVENT-BUS-CONTRACT.md names. Built once per test run with one {@code mvn -o package} of that project
 * (with the Maven and local repository of the build that runs the tests), then started as a
 * plain {@code java -cp catalogue-client.jar <main>} with no JVM flag: whatever the documented
 * dependencies lack, the program lacks too.
 */
public final class OutsideClient {
  private static final long BUILD_MINUTES = 5;
  private static Path jar;

  private OutsideClient() {}

  /** Starts {@code org.example.catalogue.<program>} of the outside build with these arguments. */
  public static ChildJvm start(ChildJvms jvms, String name, String program, List<String> args) {
    return jvms.startPlain(name, jar().toString(), "org.example.catalogue." + program, args);
  }

  /** The program's jar, built on first use (its Maven output in the project's {@code target/build.log}). */
  static synchronized Path jar() {
    if (jar == null) {
      jar = build();
    }
    return jar;
  }

  private static Path build() {
    Path project = Path.of(required("emporium.root"), "tests", "outside-client").toAbsolutePath().normalize();
    Path log = project.resolve("target").resolve("build.log");
    // Offline first: once the local repository has the artifacts (this build resolved the same ones)
    // that is the one Maven run; only a repository that lacks one needs the registry.
    if (!maven(project, log, true) && !maven(project, log, false)) {
      throw new AssertionError("the outside client does not build: see " + log + "\n" + read(log));
    }
    Path built = project.resolve("target").resolve("catalogue-client.jar");
    assertThat(built).as("jar of %s", project).exists();
    return built;
  }

  private static boolean maven(Path project, Path log, boolean offline) {
    List<String> command = new ArrayList<>(List.of(maven(), "-B", "-q", "-f", project.resolve("pom.xml").toString(),
        "-Dmaven.repo.local=" + required("emporium.maven.repo"), "package"));
    if (offline) {
      command.add(1, "-o");
    }
    try {
      Files.createDirectories(log.getParent());
      Process build = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!build.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
        build.destroyForcibly();
        throw new AssertionError("the outside client did not build within " + BUILD_MINUTES + " minutes: "
            + String.join(" ", command) + "\n" + read(log));
      }
      return build.exitValue() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build " + project, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while building " + project, e);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The Maven that runs this build ({@code maven.home}), else {@code mvn} on the PATH. */
  private static String maven() {
    String home = System.getProperty("emporium.maven.home", "");
    Path mvn = Path.of(home, "bin", "mvn");
    return !home.isBlank() && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("system property %s (set by the tests module's surefire configuration)", property)
        .isNotBlank();
    return value;
  }
}
