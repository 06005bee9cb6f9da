package io.emporium.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph of issue 17 holds, read from the compiled main classes of every module: the gateway
 * knows no service, the platform knows neither services nor gateway, no service imports another, and no
 * package cycle grows. The cycles there are today are listed in {@link #KNOWN_CYCLE_EDGES}; a new edge
 * in a cycle fails the test, an edge that is gone is printed so that it can be struck from the list.
 */
class ArchitectureRulesTest {
  private static final String ROOT_PACKAGE = "io.emporium";
  private static final List<String> SERVICES = List.of("io.emporium.product", "io.emporium.user", "io.emporium.order");

  /**
   * Every package dependency that lies on a cycle today ("from -> to", both packages in one strongly
   * connected component). Only remove lines: a dependency that closes a new cycle is a design change to
   * argue in review, not a line to add here.
   */
  static final Set<String> KNOWN_CYCLE_EDGES = Set.of(
  );

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
        .importPackages(ROOT_PACKAGE);
    assertThat(classes.stream().map(JavaClass::getPackageName))
        .as("main classes of every module on the class path")
        .anyMatch(p -> p.startsWith("io.emporium.gateway"))
        .anyMatch(p -> p.startsWith("io.emporium.platform"))
        .anyMatch(p -> p.startsWith("io.emporium.contract"))
        .anyMatch(p -> p.startsWith("io.emporium.product"))
        .anyMatch(p -> p.startsWith("io.emporium.user"))
        .anyMatch(p -> p.startsWith("io.emporium.order"))
        .noneMatch(p -> p.startsWith("io.emporium.tests"));
  }

  @Test
  void theGatewayImportsNoService() {
    noClasses().that().resideInAPackage("io.emporium.gateway..")
        .should().dependOnClassesThat().resideInAnyPackage(packagesUnder(SERVICES))
        .because("the gateway reaches services only over the event bus, through the event-bus contract")
        .check(classes);
  }

  @Test
  void thePlatformImportsNoServiceNorTheGateway() {
    noClasses().that().resideInAPackage("io.emporium.platform..")
        .should().dependOnClassesThat().resideInAnyPackage(packagesUnder(List.of(
            "io.emporium.product", "io.emporium.user", "io.emporium.order", "io.emporium.gateway", "io.emporium.launcher")))
        .because("the platform holds what every service needs and knows none of them")
        .check(classes);
  }

  @Test
  void theContractImportsNothingOfEmporium() {
    noClasses().that().resideInAPackage("io.emporium.contract..")
        .should().dependOnClassesThat().resideInAnyPackage(packagesUnder(List.of("io.emporium.platform",
            "io.emporium.product", "io.emporium.user", "io.emporium.order", "io.emporium.gateway", "io.emporium.launcher")))
        .because("a JVM outside Emporium depends on the contract alone")
        .check(classes);
  }

  @Test
  void noServiceImportsAnother() {
    for (String service : SERVICES) {
      List<String> others = SERVICES.stream().filter(s -> !s.equals(service)).toList();
      noClasses().that().resideInAPackage(service + "..")
          .should().dependOnClassesThat().resideInAnyPackage(packagesUnder(others))
          .because("services talk over the event bus only, so each can be deployed alone")
          .check(classes);
    }
  }

  @Test
  void noNewPackageCycle() {
    Set<String> cycleEdges = cycleEdges(packageGraph());
    Set<String> gone = new TreeSet<>(KNOWN_CYCLE_EDGES);
    gone.removeAll(cycleEdges);
    if (!gone.isEmpty()) {
      System.err.println("ArchitectureRulesTest: these package-cycle edges are gone, strike them from KNOWN_CYCLE_EDGES:\n  "
          + String.join("\n  ", gone));
    }
    Set<String> added = new TreeSet<>(cycleEdges);
    added.removeAll(KNOWN_CYCLE_EDGES);
    assertThat(added)
        .as("package dependencies that close a new cycle: break the cycle rather than add them to KNOWN_CYCLE_EDGES")
        .isEmpty();
  }

  private static String[] packagesUnder(List<String> packages) {
    return packages.stream().map(p -> p + "..").toArray(String[]::new);
  }

  /** Package -> the packages of io.emporium its classes use. */
  private static Map<String, Set<String>> packageGraph() {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (JavaClass type : classes) {
      String from = type.getPackageName();
      graph.computeIfAbsent(from, k -> new TreeSet<>());
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        String to = dependency.getTargetClass().getBaseComponentType().getPackageName();
        if (!to.equals(from) && to.startsWith(ROOT_PACKAGE + ".")) {
          graph.get(from).add(to);
          graph.computeIfAbsent(to, k -> new TreeSet<>());
        }
      }
    }
    return graph;
  }

  /** The edges whose two ends share a strongly connected component (Tarjan), as "from -> to". */
  private static Set<String> cycleEdges(Map<String, Set<String>> graph) {
    Map<String, Integer> component = new Tarjan(graph).components();
    Set<String> edges = new TreeSet<>();
    graph.forEach((from, targets) -> targets.forEach(to -> {
      if (component.get(from).equals(component.get(to))) {
        edges.add(from + " -> " + to);
      }
    }));
    return edges;
  }

  private static final class Tarjan {
    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Map<String, Integer> component = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private int next;
    private int components;

    Tarjan(Map<String, Set<String>> graph) {
      this.graph = graph;
    }

    Map<String, Integer> components() {
      graph.keySet().forEach(node -> {
        if (!index.containsKey(node)) {
          visit(node);
        }
      });
      return component;
    }

    private void visit(String node) {
      index.put(node, next);
      low.put(node, next++);
      stack.push(node);
      onStack.add(node);
      for (String to : graph.get(node)) {
        if (!index.containsKey(to)) {
          visit(to);
          low.put(node, Math.min(low.get(node), low.get(to)));
        } else if (onStack.contains(to)) {
          low.put(node, Math.min(low.get(node), index.get(to)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.put(member, components);
        } while (!member.equals(node));
        components++;
      }
    }
  }
}
