package io.emporium.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private cluster for one test class: the repository's loopback Hazelcast configuration with a
 * cluster name of its own, so the test's JVMs never merge with a cluster someone else runs on this
 * machine (same ports 5701-5710, other name: Hazelcast refuses the join).
 */
public final class TestCluster {
  private static final Pattern CLUSTER_NAME = Pattern.compile("<cluster-name>[^<]*</cluster-name>");

  private final String name;
  private final Path config;

  private TestCluster(String name, Path config) {
    this.name = name;
    this.config = config;
  }

  /** Copies {@code cluster-config/loopback.xml} into {@code directory} with a unique cluster name. */
  public static TestCluster loopback(Path directory, Class<?> testClass) {
    Path source = Path.of(EmporiumProcess.requiredProperty("emporium.root"), "cluster-config", "loopback.xml");
    String name = "emporium-test-" + testClass.getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      String xml = Files.readString(source);
      Matcher m = CLUSTER_NAME.matcher(xml);
      if (!m.find()) {
        throw new AssertionError(source + " has no <cluster-name>: cannot isolate the test cluster");
      }
      Path config = directory.resolve("hazelcast-" + name + ".xml");
      Files.writeString(config, m.replaceFirst("<cluster-name>" + name + "</cluster-name>"));
      return new TestCluster(name, config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source, e);
    }
  }

  String name() {
    return name;
  }

  public Path config() {
    return config;
  }
}
