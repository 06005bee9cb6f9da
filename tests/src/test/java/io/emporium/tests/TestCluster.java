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

  /**
   * This cluster on ten free ports of its own instead of 5701-5710: no other test's members are on the
   * ports its members search, so joins and merges find nothing but this cluster.
   */
  public TestCluster onFreePorts() {
    try {
      moveToFreePorts(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + config + " to free ports", e);
    }
    return this;
  }

  /** Rewrites the member ports 5701-5710 of a copy of the loopback config to a block of ten free ports. */
  public static void moveToFreePorts(Path config) throws IOException {
    int base = io.emporium.platform.testing.Ports.freeBlock(10);
    Matcher port = Pattern.compile("(?<=[>:])57(0[1-9]|10)(?=<)").matcher(Files.readString(config));
    StringBuilder moved = new StringBuilder();
    while (port.find()) {
      port.appendReplacement(moved, Integer.toString(base + Integer.parseInt(port.group(1)) - 1));
    }
    port.appendTail(moved);
    if (moved.toString().contains("127.0.0.1:57") || !moved.toString().contains(">" + base + "<")) {
      throw new AssertionError("the member ports of " + config + " were not all moved to " + base + "+");
    }
    Files.writeString(config, moved.toString());
  }

  String name() {
    return name;
  }

  public Path config() {
    return config;
  }
}
