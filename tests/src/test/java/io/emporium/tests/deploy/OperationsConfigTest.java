package io.emporium.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Alertmanager's configuration (amtool) and every Hazelcast file of cluster-config/ load for real. */
class OperationsConfigTest {

  @Test
  void alertmanagerConfigurationIsValid() throws Exception {
    Deploy.Run run = Deploy.tool(List.of("amtool", "check-config", "docker/alertmanager/alertmanager.yml"),
        "prometheus-alertmanager");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void securityAlertsGoToTheirOwnReceiverPagesToOnCallAndTheRestToTheTeam() throws Exception {
    assertThat(receiverOf("alertname=EmporiumBusCallerRefused", "category=security", "severity=page"))
        .isEqualTo("security");
    assertThat(receiverOf("alertname=EmporiumRateLimitedSpike", "category=security", "severity=warn"))
        .isEqualTo("security");
    assertThat(receiverOf("alertname=EmporiumInstanceDown", "severity=page")).isEqualTo("on-call");
    assertThat(receiverOf("alertname=EmporiumGcOverhead", "severity=warn")).isEqualTo("team");
  }

  /** Every alert rule passes its unit tests (docker/prometheus/alerts.test.yml), the security ones included. */
  @Test
  void alertRulesPassTheirPromtoolUnitTests() throws Exception {
    Deploy.Run run = Deploy.tool(List.of("promtool", "test", "rules", "docker/prometheus/alerts.test.yml"),
        "prometheus");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  private static String receiverOf(String... labels) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("amtool", "config", "routes", "test",
        "--config.file=docker/alertmanager/alertmanager.yml"));
    command.addAll(List.of(labels));
    Deploy.Run run = Deploy.tool(command, "prometheus-alertmanager");
    assertThat(run.exit()).as(run.output()).isZero();
    // amtool also warns that --config.file overrides --alertmanager.url: the receiver is the other line
    return String.join(",", run.output().lines().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("Warning:")).toList());
  }

  @Test
  void everyHazelcastConfigurationLoadsWithItsProperties() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("emporium.hz.members", "10.0.0.11,10.0.0.12");
    properties.setProperty("emporium.hz.interface", "10.0.0.*");
    properties.setProperty("emporium.hz.cluster-name", "emporium-test");
    properties.setProperty("emporium.hz.service-dns", "emporium-hazelcast.emporium.svc.cluster.local");
    List<Path> files;
    try (Stream<Path> listed = Files.list(Deploy.root().resolve("cluster-config"))) {
      files = listed.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
    }
    assertThat(files).extracting(f -> f.getFileName().toString())
        .contains("loopback.xml", "network.xml", "kubernetes.xml");
    for (Path file : files) {
      Config config;
      try (InputStream in = Files.newInputStream(file)) {
        config = new XmlConfigBuilder(in).setProperties(properties).build();
      }
      String name = file.getFileName().toString();
      assertThat(config.getClusterName()).as(name).doesNotContain("${");
      // loopback.xml uses the advanced network (its member endpoint does not spin on a frozen peer), whose join
      // is the one in force
      var join = config.getAdvancedNetworkConfig().isEnabled() ? config.getAdvancedNetworkConfig().getJoin()
          : config.getNetworkConfig().getJoin();
      assertThat(join.getMulticastConfig().isEnabled()).as("%s: no multicast", name).isFalse();
      assertThat(config.getProperty("hazelcast.phone.home.enabled")).as(name).isEqualTo("false");
      assertThat(config.getMultiMapConfigs()).as("%s: the Vert.x structures", name).containsKey("__vertx.subs");
      if (name.equals("kubernetes.xml")) {
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-dns"))
            .isEqualTo("emporium-hazelcast.emporium.svc.cluster.local");
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
      } else {
        assertThat(join.getTcpIpConfig().isEnabled()).as(name).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).as(name).isNotEmpty().noneMatch(m -> m.contains("${"));
      }
    }
  }
}
