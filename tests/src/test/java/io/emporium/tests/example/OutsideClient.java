package io.emporium.tests.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.tests.ChildJvm;
import io.emporium.tests.ChildJvms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The outside program of {@code tests/outside-client}: another team's build, with only the dependencies
 * EVENT-BUS-CONTRACT.md names (the contract's own artifact, {@code emporium-contract}, among them). Built
 * once per test run with one {@code mvn package} of that project, then started as a plain
 * {@code java -cp catalogue-client.jar <main>} with no JVM flag: whatever the documented dependencies
 * lack, the program lacks too.
 *
 * <p>The outside build resolves {@code emporium-contract} by its coordinates, as another team would, from
 * a local repository of its own ({@code target/repository} of that project) where this class publishes the
 * contract jar this build made (with its pom and the parent pom). Everything else comes from the local
 * repository of the build that runs the tests, read as a mirror ({@code file:} URL): nothing is written
 * there, and no registry is asked while it has the artifacts (it does: this build resolved the same ones).
 */
public final class OutsideClient {
  private static final long BUILD_MINUTES = 5;
  private static final String GROUP = "io/emporium";
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
    Path root = Path.of(required("emporium.root")).toAbsolutePath().normalize();
    Path project = root.resolve("tests").resolve("outside-client");
    Path target = project.resolve("target");
    Path log = target.resolve("build.log");
    String version = required("emporium.version");
    Path repository = target.resolve("repository");
    publishContract(root, repository, version);
    Path mirror = mirrorSettings(target, Path.of(required("emporium.maven.repo")));
    // This build's local repository first (one Maven run, no network); only one that lacks an artifact
    // needs the registry.
    if (!maven(project, log, repository, version, mirror) && !maven(project, log, repository, version, null)) {
      throw new AssertionError("the outside client does not build: see " + log + "\n" + read(log));
    }
    Path built = target.resolve("catalogue-client.jar");
    assertThat(built).as("jar of %s", project).exists();
    return built;
  }

  /**
   * Puts the contract this build made into {@code repository}, laid out as {@code mvn install} would: the
   * jar, its pom, and the parent pom the contract's pom names.
   */
  private static void publishContract(Path root, Path repository, String version) {
    Path contractJar = root.resolve("verticles/contract/target/emporium-contract-" + version + ".jar");
    assertThat(contractJar).as("the contract's jar (build verticles/contract first: -am)").exists();
    try {
      copy(contractJar, repository, "emporium-contract", version, "jar");
      copy(root.resolve("verticles/contract/pom.xml"), repository, "emporium-contract", version, "pom");
      copy(root.resolve("pom.xml"), repository, "emporium-parent", version, "pom");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish the contract into " + repository, e);
    }
  }

  private static void copy(Path file, Path repository, String artifact, String version, String extension)
      throws IOException {
    Path folder = repository.resolve(GROUP).resolve(artifact).resolve(version);
    Files.createDirectories(folder);
    Files.copy(file, folder.resolve(artifact + "-" + version + "." + extension), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Maven settings that send every repository request to {@code local}, a local repository read as a mirror. */
  private static Path mirrorSettings(Path target, Path local) {
    Path settings = target.resolve("mirror-settings.xml");
    String xml = """
        <settings>
          <mirrors>
            <mirror>
              <id>emporium-build</id>
              <mirrorOf>*</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
        </settings>
        """.formatted(local.toAbsolutePath().toUri());
    try {
      Files.createDirectories(target);
      Files.writeString(settings, xml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + settings, e);
    }
    return settings;
  }

  private static boolean maven(Path project, Path log, Path repository, String version, Path settings) {
    List<String> command = new ArrayList<>(List.of(maven(), "-B", "-q", "-f", project.resolve("pom.xml").toString(),
        "-Dmaven.repo.local=" + repository, "-Demporium.version=" + version, "package"));
    if (settings != null) {
      command.addAll(1, List.of("-s", settings.toString()));
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
