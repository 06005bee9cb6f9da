package io.emporium.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.HealthProbes;
import io.emporium.platform.config.Role;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Kubernetes here, so the manifests are checked for real another way: every document of
 * {@code docker/k8s} is parsed into the fabric8 Kubernetes model, and a field the model does not know
 * (a misspelling, a wrong level) fails the test, as does a kind it does not know. Then what the
 * manifests say is checked against the application: configuration keys, roles, probe paths and ports,
 * the hardening, and the shutdown timing.
 */
class KubernetesManifestsTest {
  static final Path K8S = Deploy.root().resolve("docker/k8s");
  private static final List<HasMetadata> RESOURCES = new ArrayList<>();

  @BeforeAll
  static void parseEveryManifestStrictly() throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
          if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
            continue;
          }
          Object parsed = serialization.unmarshal(document);
          assertThat(parsed).as("%s: a kind the Kubernetes model knows", file).isInstanceOf(HasMetadata.class)
              .isNotInstanceOf(GenericKubernetesResource.class);
          List<String> unknown = new ArrayList<>();
          unknownFields(parsed, file.getFileName() + ":" + ((HasMetadata) parsed).getKind(), unknown,
              new IdentityHashMap<>());
          assertThat(unknown).as("fields the Kubernetes model does not know in %s", file).isEmpty();
          RESOURCES.add((HasMetadata) parsed);
        }
      }
    }
  }

  /** fabric8 keeps fields it does not know in additionalProperties: any there is a mistake. */
  private static void unknownFields(Object node, String where, List<String> unknown, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, true) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      items.forEach(item -> unknownFields(item, where, unknown, seen));
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.values().forEach(value -> unknownFields(value, where, unknown, seen));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(where + " " + node.getClass().getSimpleName() + " " + extra.keySet());
        }
        continue;
      }
      unknownFields(value, where + "." + getter.getName().substring(3), unknown, seen);
    }
  }

  private static <T extends HasMetadata> List<T> all(Class<T> type) {
    return RESOURCES.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aMisspeltFieldIsCaught() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    Object parsed = serialization.unmarshal("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          replica: 2
          template:
            spec:
              containers: [{name: c, image: i, readinessProbes: {}}]
        """);
    List<String> unknown = new ArrayList<>();
    unknownFields(parsed, "probe", unknown, new IdentityHashMap<>());
    assertThat(String.join(" ", unknown)).contains("replica").contains("readinessProbes");
  }

  @Test
  void everyRoleHasAHardenedDeploymentWithProbesOnServedPathsAndPorts() {
    List<Deployment> deployments = all(Deployment.class);
    Set<String> roles = new HashSet<>();
    for (Deployment deployment : deployments) {
      var pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
      assertThat(pod.getContainers()).hasSize(1);
      Container container = pod.getContainers().get(0);
      String name = deployment.getMetadata().getName();
      assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
      assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
      assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
      assertThat(container.getVolumeMounts()).as(name).anyMatch(m -> m.getMountPath().equals("/tmp"));
      assertThat(pod.getVolumes()).as(name).anyMatch(v -> v.getName().equals("tmp") && v.getEmptyDir() != null);
      assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
      assertThat(container.getResources().getLimits()).as(name).containsKey("memory");

      String role = env(container, "EMPORIUM_ROLES");
      for (String each : role.split(",")) {
        assertThat(Role.fromWire(each.trim())).as("role %s of %s is one the launcher has", each, name).isPresent();
        roles.add(each.trim());
      }
      Map<String, Integer> ports = new java.util.HashMap<>();
      for (ContainerPort port : container.getPorts()) {
        ports.put(port.getName(), port.getContainerPort());
      }
      assertProbe(name, "startup", container.getStartupProbe(), HealthProbes.LIVE_PATH, ports);
      assertProbe(name, "liveness", container.getLivenessProbe(), HealthProbes.LIVE_PATH, ports);
      assertProbe(name, "readiness", container.getReadinessProbe(), HealthProbes.READY_PATH, ports);
      assertThat(ports.get("management")).isEqualTo(Integer.parseInt(configMap().get("EMPORIUM_MANAGEMENT_PORT")));
      if (role.contains("gateway")) {
        assertThat(ports.get("http")).isEqualTo(Integer.parseInt(configMap().get("EMPORIUM_HTTP_PORT")));
      }

      // preStop, then the drain, then the launcher's own 10 s margin must fit in the grace period.
      List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
      assertThat(preStop.get(0)).isEqualTo("sleep");
      long needed = Long.parseLong(preStop.get(1)) + Long.parseLong(configMap().get("EMPORIUM_SHUTDOWN_DRAIN_MS")) / 1000
          + 10;
      assertThat(pod.getTerminationGracePeriodSeconds()).as(name).isGreaterThanOrEqualTo(needed);
      Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
      assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/port", configMap().get("EMPORIUM_MANAGEMENT_PORT"));
    }
    assertThat(roles).containsExactlyInAnyOrder("gateway", "user", "product", "order");
  }

  private static void assertProbe(String deployment, String kind, Probe probe, String path, Map<String, Integer> ports) {
    assertThat(probe).as("%s probe of %s", kind, deployment).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get.getPath()).as("%s probe of %s", kind, deployment).isEqualTo(path);
    String port = get.getPort().getStrVal();
    assertThat(ports).as("%s probe port of %s", kind, deployment).containsKey(port);
  }

  @Test
  void everyEnvironmentVariableIsARealConfigurationKey() {
    Set<String> names = new HashSet<>(configMap().keySet());
    all(Secret.class).forEach(secret -> names.addAll(secret.getStringData().keySet()));
    for (Deployment deployment : all(Deployment.class)) {
      deployment.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.getEnv().forEach(e -> names.add(e.getName())));
    }
    assertThat(names).isNotEmpty();
    names.remove("JDK_JAVA_OPTIONS"); // the java launcher's own variable: Hazelcast's system properties
    assertThat(names).allSatisfy(name -> assertThat(Deploy.configEnvNames()).as("%s is a configuration key", name)
        .contains(name));
  }

  @Test
  void theGatewayAloneTakesOutsideTrafficAndHazelcastIsOpenToMembersOnly() {
    List<NetworkPolicy> policies = all(NetworkPolicy.class);
    assertThat(policies).anyMatch(p -> p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty());
    for (NetworkPolicy policy : policies) {
      if (policy.getSpec().getIngress() == null) {
        continue;
      }
      policy.getSpec().getIngress().stream().filter(rule -> rule.getFrom() == null || rule.getFrom().isEmpty())
          .forEach(open -> {
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .as("only the gateway admits traffic from anywhere (%s)", policy.getMetadata().getName())
                .containsEntry("app.kubernetes.io/component", "gateway");
            assertThat(open.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(8080);
          });
    }
    List<Service> outside = all(Service.class).stream()
        .filter(s -> "LoadBalancer".equals(s.getSpec().getType()) || "NodePort".equals(s.getSpec().getType())).toList();
    assertThat(outside).extracting(s -> s.getMetadata().getName()).containsExactly("emporium-gateway");
    Service hazelcast = all(Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP())).findFirst()
        .orElseThrow(() -> new AssertionError("no headless Service for Hazelcast"));
    assertThat(hazelcast.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(configMap().get("JDK_JAVA_OPTIONS")).contains("-Demporium.hz.service-dns=" + hazelcast.getMetadata().getName() + ".");
  }

  @Test
  void autoscalersAndDisruptionBudgetsPointAtRealDeployments() {
    Set<String> deployments = new HashSet<>(all(Deployment.class).stream().map(d -> d.getMetadata().getName()).toList());
    assertThat(all(HorizontalPodAutoscaler.class)).extracting(h -> h.getSpec().getScaleTargetRef().getName())
        .containsExactlyInAnyOrder("emporium-gateway", "emporium-product").allMatch(deployments::contains);
    List<Map<String, String>> selectors = all(Deployment.class).stream()
        .map(d -> d.getSpec().getSelector().getMatchLabels()).toList();
    assertThat(all(PodDisruptionBudget.class)).hasSize(4)
        .allSatisfy(pdb -> assertThat(selectors).contains(pdb.getSpec().getSelector().getMatchLabels()));
  }

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    String kustomization = Files.readString(K8S.resolve("kustomization.yaml"));
    try (Stream<Path> files = Files.list(K8S)) {
      files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
          .forEach(f -> assertThat(kustomization).as("kustomization.yaml lists %s", f).contains("  - " + f));
    }
  }

  private static Map<String, String> configMap() {
    return all(ConfigMap.class).get(0).getData();
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
        .map(e -> e.getValue()).orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
  }
}
