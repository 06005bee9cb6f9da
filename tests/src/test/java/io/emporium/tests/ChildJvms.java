package io.emporium.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The JVMs one test class starts. Register it as a static field:
 * {@code @RegisterExtension static final ChildJvms jvms = ChildJvms.perClass();}
 *
 * <ul>
 *   <li>Each JVM logs to {@code target/emporium-processes/<TestClass>/<name>/} (emptied at class start).
 *   <li>When a test or a lifecycle method fails, the last lines of every JVM's logs are attached to the
 *       failure (as a suppressed exception), so the report shows what the processes said.
 *   <li>Whatever still runs is killed after each test ({@link #perTest()}) or after the class
 *       ({@link #perClass()}); the test JVM's shutdown hook kills any remaining child.
 * </ul>
 */
public final class ChildJvms implements BeforeAllCallback, AfterEachCallback, AfterAllCallback,
    TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  private final boolean killAfterEachTest;
  private final List<ChildJvm> started = new CopyOnWriteArrayList<>();
  private final String clusterSecret = "test-cluster-secret-" + java.util.UUID.randomUUID();
  private Path directory;

  private ChildJvms(boolean killAfterEachTest) {
    this.killAfterEachTest = killAfterEachTest;
  }

  /** JVMs that live across the tests of the class (started in {@code @BeforeAll}). */
  public static ChildJvms perClass() {
    return new ChildJvms(false);
  }

  /** JVMs that each test starts for itself. */
  public static ChildJvms perTest() {
    return new ChildJvms(true);
  }

  public EmporiumProcess startEmporium(String name, List<String> args) {
    return startEmporium(name, args, Map.of());
  }

  /** Starts {@code emporium.jar} with these {@code --key=value} arguments and environment variables. */
  public EmporiumProcess startEmporium(String name, List<String> args, Map<String, String> env) {
    EmporiumProcess process = EmporiumProcess.start(name, folderFor(name), args, withClusterSecret(args, env));
    started.add(process.jvm());
    return process;
  }

  /** The same with JVM options before {@code -jar}, such as the {@code -D} fault switches of a crash test. */
  public EmporiumProcess startEmporium(String name, List<String> jvmOptions, List<String> args,
      Map<String, String> env) {
    EmporiumProcess process = EmporiumProcess.start(name, folderFor(name), jvmOptions, args,
        withClusterSecret(args, env));
    started.add(process.jvm());
    return process;
  }

  /** The secret every clustered JVM of this class shares (cluster.secret), unless a test sets its own. */
  public String clusterSecret() {
    return clusterSecret;
  }

  private Map<String, String> withClusterSecret(List<String> args, Map<String, String> env) {
    if (!args.contains("--cluster.enabled=true") || env.containsKey("EMPORIUM_CLUSTER_SECRET")) {
      return env;
    }
    Map<String, String> withSecret = new java.util.HashMap<>(env);
    withSecret.put("EMPORIUM_CLUSTER_SECRET", clusterSecret);
    return withSecret;
  }

  /** Starts {@code java <flags> -cp <classpath> <mainClass> <args>} (flags as for the jar, without its heap). */
  public ChildJvm startMain(String name, String classpath, String mainClass, List<String> args) {
    List<String> arguments = Stream.concat(Stream.of("-cp", classpath, mainClass), args.stream()).toList();
    List<String> jvmArgs = Stream.concat(EmporiumProcess.jvmFlags().stream(), Stream.of("-Xmx128m")).toList();
    ChildJvm jvm = ChildJvm.start(name, folderFor(name), jvmArgs, arguments, Map.of());
    started.add(jvm);
    return jvm;
  }

  /**
   * Starts {@code java -Xmx128m -cp <classpath> <mainClass> <args>} with no other flag (not even
   * Hazelcast's {@code --add-opens}): a program as someone outside Emporium would run it.
   */
  public ChildJvm startPlain(String name, String classpath, String mainClass, List<String> args) {
    List<String> arguments = Stream.concat(Stream.of("-cp", classpath, mainClass), args.stream()).toList();
    ChildJvm jvm = ChildJvm.start(name, folderFor(name), List.of("-Xmx128m"), arguments, Map.of());
    started.add(jvm);
    return jvm;
  }

  /** This class's folder under {@code target/}, for files the JVMs need (e.g. a Hazelcast config). */
  public Path directory() {
    if (directory == null) {
      throw new IllegalStateException("ChildJvms must be registered as a static @RegisterExtension field");
    }
    return directory;
  }

  private Path folderFor(String name) {
    String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
    Path folder = directory().resolve(base);
    for (int n = 2; Files.exists(folder); n++) {
      folder = directory().resolve(base + "-" + n);
    }
    return folder;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Path root = Path.of(System.getProperty("emporium.process.logs", "target/emporium-processes"));
    directory = root.resolve(context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
    deleteRecursively(directory);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (killAfterEachTest) {
      started.forEach(ChildJvm::killIfAlive);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    started.forEach(ChildJvm::killIfAlive);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withLogs(failure);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withLogs(failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withLogs(failure);
  }

  private Throwable withLogs(Throwable failure) {
    if (!started.isEmpty()) {
      String logs = started.stream().map(ChildJvm::describe).collect(Collectors.joining("\n"));
      failure.addSuppressed(new ChildJvmLogs("logs of the JVMs this test class started:\n" + logs));
    }
    return failure;
  }

  private static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + folder, e);
    }
  }

  /** Carries the child JVMs' logs in a failure report; its own stack trace would be noise. */
  static final class ChildJvmLogs extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChildJvmLogs(String message) {
      super(message, null, false, false);
    }
  }
}
