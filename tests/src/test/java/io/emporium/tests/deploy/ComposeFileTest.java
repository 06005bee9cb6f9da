package io.emporium.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.HealthProbes;
import io.emporium.platform.config.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No container runs here, so the Compose file is checked by {@code docker-compose config} (which
 * validates it against the Compose schema and interpolates the example env file), and what it says is
 * checked against the application; the Dockerfile's health check and ports likewise.
 */
class ComposeFileTest {
  private static final Set<String> EMPORIUM_SERVICES =
      Set.of("gateway-1", "gateway-2", "user-1", "user-2", "product-1", "product-2", "order-1", "order-2");
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void composeConfig() throws Exception {
    Deploy.Run run = Deploy.tool(List.of("docker-compose", "--env-file", "docker/.env.example", "-f",
        "docker/compose.yaml", "config"), "docker-compose");
    assertThat(run.exit()).as(run.output()).isZero();
    Map<String, Object> config = new KubernetesSerialization().unmarshal(run.output(), Map.class);
    services = (Map<String, Map<String, Object>>) config.get("services");
  }

  @Test
  void theStackHasEveryServiceItPromises() {
    assertThat(services.keySet()).contains("gateway-1", "gateway-2", "user-1", "user-2", "product-1", "product-2",
        "order-1", "order-2", "postgres", "redis", "prometheus", "alertmanager", "grafana", "jaeger");
    assertThat(String.valueOf(services.get("gateway-1").get("ports"))).contains("8080");
  }

  @Test
  void everyEmporiumVariableIsARealConfigurationKeyAndEveryRoleExists() {
    for (String name : EMPORIUM_SERVICES) {
      Map<String, Object> environment = environment(name);
      for (String variable : environment.keySet()) {
        if (variable.equals("JDK_JAVA_OPTIONS")) {
          continue;
        }
        assertThat(Deploy.configEnvNames()).as("%s of %s is a configuration key", variable, name).contains(variable);
      }
      String roles = String.valueOf(environment.get("EMPORIUM_ROLES"));
      assertThat(Role.fromWire(roles)).as("role %s of %s", roles, name).isPresent();
      assertThat(name).startsWith(roles + "-");
      assertThat(environment.get("EMPORIUM_CLUSTER_HOST")).isEqualTo(name);
      assertThat(environment.get("EMPORIUM_CLUSTER_TLS_KEYSTORE")).isEqualTo("/certs/" + name + ".p12");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(String service) {
    return (Map<String, Object>) services.get(service).get("environment");
  }

  @Test
  void secretsComeFromTheEnvFileAndNoneIsCommitted() throws Exception {
    String compose = Files.readString(Deploy.root().resolve("docker/compose.yaml"));
    for (String secret : List.of("POSTGRES_PASSWORD", "REDIS_PASSWORD", "EMPORIUM_JWT_SECRET", "EMPORIUM_CLUSTER_SECRET",
        "EMPORIUM_CERT_PASSWORD", "EMPORIUM_METRICS_TOKEN", "GRAFANA_ADMIN_PASSWORD")) {
      assertThat(compose).as("%s must be required from the env file", secret).contains("${" + secret + ":?");
    }
    assertThat(Files.readString(Deploy.root().resolve(".gitignore"))).contains("docker/.env");
    Path empty = Files.createTempFile("emporium-empty", ".env");
    Deploy.Run withoutEnv;
    try {
      withoutEnv = Deploy.tool(List.of("docker-compose", "--env-file", empty.toString(), "-f",
          "docker/compose.yaml", "config", "-q"), "docker-compose");
    } finally {
      Files.delete(empty);
    }
    assertThat(withoutEnv.exit()).as("without an env file the stack refuses to start").isNotZero();
    assertThat(withoutEnv.output()).contains("in docker/.env");
  }

  @Test
  void theImageRunsAsNonRootWithAHealthCheckOnTheLivenessPathOfTheManagementPort() throws Exception {
    String dockerfile = Files.readString(Deploy.root().resolve("docker/Dockerfile"));
    assertThat(dockerfile).contains("FROM maven:").contains("AS build").contains("-XX:MaxRAMPercentage=");
    Matcher user = Pattern.compile("(?m)^USER (\\d+)").matcher(dockerfile);
    assertThat(user.find()).isTrue();
    assertThat(Integer.parseInt(user.group(1))).isPositive();
    Matcher health = Pattern.compile("(?m)^HEALTHCHECK .*\\n.*CMD .*").matcher(dockerfile);
    assertThat(health.find()).isTrue();
    assertThat(health.group()).contains(HealthProbes.LIVE_PATH).contains("EMPORIUM_MANAGEMENT_PORT");
    for (String name : EMPORIUM_SERVICES) {
      assertThat(String.valueOf(environment(name).get("EMPORIUM_MANAGEMENT_PORT"))).isEqualTo("9400");
    }
    Path jar = Path.of("verticles/launcher/target/emporium.jar");
    assertThat(dockerfile).contains("/src/" + jar);
  }
}
