package io.emporium.tests.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README is a door and the pages behind it say true things about the tree: links lead somewhere,
 * the test command is the one CI runs, the paths and classes they name exist, and every dependency of
 * the poms is explained. (The configuration table and the event-bus contract are checked against the
 * code by the launcher module's DocumentationTest.)
 */
class DocumentationTest {
  private static final int README_MAX_LINES = 200;
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*$");
  private static final Pattern REPOSITORY_PATH =
      Pattern.compile("^(\\.ci|cluster-config|conf|docker|docs|tests|verticles)/\\S*");
  /** A class name, optionally after folders (`healing/XyzTest`) and before a method (`XyzTest.method`). */
  private static final Pattern CLASS_NAME = Pattern.compile(
      "^((?:[a-z][a-z0-9]*/)*)([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)(?:\\.([a-z][A-Za-z0-9]*))?(?:\\(\\))?$");
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z][A-Za-z0-9_]*)");
  /** Files the pages tell the reader to create or that a tool writes; absent from a fresh checkout on purpose. */
  private static final Set<String> CREATED_BY_THE_READER = Set.of(
      "docker/.env", "tests/contract/node_modules");
  /** Names in the pages that are not classes of ours: the JDK's and the libraries' classes, library names. */
  private static final Set<String> OUTSIDE_CLASSES = Set.of(
      "OutOfMemoryError", "HdrHistogram", "OpenAPIContract", "RequestValidator", "ConnectionBase");
  private static final Pattern ALERT = Pattern.compile("-\\s*alert:\\s*(\\S+)");

  private static Path root;
  private static List<Path> pages;
  private static Map<String, List<Path>> knownNames;

  @BeforeAll
  static void readTheTree() throws IOException {
    root = Path.of(System.getProperty("emporium.root", "..")).toAbsolutePath().normalize();
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      pages = Stream.concat(Stream.of(root.resolve("README.md")),
              docs.filter(p -> p.toString().endsWith(".md")).sorted())
          .toList();
    }
    knownNames = new HashMap<>();
    Matcher alerts = ALERT.matcher(read(root.resolve("docker/prometheus/alerts.yml")));
    while (alerts.find()) {
      knownNames.computeIfAbsent(alerts.group(1), k -> new ArrayList<>()).add(root.resolve("docker/prometheus/alerts.yml"));
    }
    try (Stream<Path> files = sourceFiles(".java")) {
      files.forEach(file -> {
        Matcher m = TYPE_DECLARATION.matcher(read(file));
        while (m.find()) {
          knownNames.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(file);
        }
      });
    }
  }

  @Test
  void theReadmeIsADoorUnder200Lines() throws IOException {
    assertThat(Files.readAllLines(root.resolve("README.md"))).hasSizeLessThan(README_MAX_LINES);
  }

  @Test
  void theReadmesTestCommandIsTheOneCiRuns() throws IOException {
    String ciCommand = Files.readAllLines(root.resolve(".ci/run")).stream()
        .filter(line -> line.startsWith("exec "))
        .map(line -> line.substring("exec ".length()).trim())
        .findFirst().orElseThrow(() -> new AssertionError(".ci/run has no exec line"));
    assertThat(ciCommand).isEqualTo("bash tests/run.sh");
    assertThat(codeBlocks(read(root.resolve("README.md"))))
        .as("a code block of the README that is exactly .ci/run's command")
        .contains(ciCommand);
  }

  @Test
  void everyRelativeLinkLeadsToAFileAndEveryAnchorToAHeading() {
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = LINK.matcher(withoutCodeBlocks(read(page)));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(name(page) + ": " + target + " (no file " + root.relativize(resolved) + ")");
        } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
          broken.add(name(page) + ": " + target + " (no such heading in " + root.relativize(resolved) + ")");
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void everyPathAndClassNamedInBackticksExists() {
    List<String> missing = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = CODE_SPAN.matcher(withoutCodeBlocks(read(page)));
      while (m.find()) {
        String span = m.group(1).trim();
        String problem = REPOSITORY_PATH.matcher(span).find() ? missingPath(span) : missingClass(span);
        if (problem != null) {
          missing.add(name(page) + ": `" + span + "` " + problem);
        }
      }
    }
    assertThat(missing).as("names in the pages that the tree does not have").isEmpty();
  }

  @Test
  void everyDependencyOfThePomsIsInTheReadmesTable() throws IOException {
    String readme = read(root.resolve("README.md"));
    int start = readme.indexOf("## Why each dependency is there");
    assertThat(start).as("README section \"Why each dependency is there\"").isNotNegative();
    String table = readme.substring(start);
    Set<String> artifacts = new TreeSet<>();
    try (Stream<Path> poms = sourceFiles("pom.xml")) {
      poms.forEach(pom -> artifacts.addAll(dependencies(read(pom))));
    }
    assertThat(artifacts).as("artifacts the poms depend on").contains("vertx-core", "vertx-hazelcast");
    assertThat(artifacts.stream().filter(a -> !table.contains("`" + a + "`")).toList())
        .as("dependencies missing from the README's table").isEmpty();
  }

  private static String missingPath(String span) {
    String path = span.split("\\s+")[0].replaceAll("[.,;:]+$", "");
    if (path.contains("...") || path.contains("*") || path.contains("<") || path.contains("{")) {
      return null;
    }
    String bare = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (CREATED_BY_THE_READER.contains(bare) || Files.exists(root.resolve(bare))) {
      return null;
    }
    return "is no file or folder of the repository";
  }

  private static String missingClass(String span) {
    Matcher m = CLASS_NAME.matcher(span);
    if (!m.matches() || OUTSIDE_CLASSES.contains(m.group(2))) {
      return null;
    }
    String folders = m.group(1);
    String type = m.group(2);
    String method = m.group(3);
    List<Path> files = knownNames.getOrDefault(type, List.of()).stream()
        .filter(f -> f.getParent().toString().replace('\\', '/').endsWith("/" + folders.replaceAll("/$", "")) || folders.isEmpty())
        .toList();
    if (files.isEmpty()) {
      return "is no class, interface, enum or record of the tree, nor an alert" + (folders.isEmpty() ? "" : " in " + folders);
    }
    if (method != null && files.stream().noneMatch(f -> read(f).contains(method + "("))) {
      return "names a method " + type + " does not have";
    }
    return null;
  }

  private static Set<String> dependencies(String pom) {
    String text = pom.replaceAll("(?s)<!--.*?-->", "");
    Set<String> found = new TreeSet<>();
    Matcher m = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(text);
    while (m.find()) {
      Matcher group = Pattern.compile("<groupId>([^<]+)</groupId>").matcher(m.group(1));
      Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(m.group(1));
      if (artifact.find() && !(group.find() && group.group(1).equals("io.emporium"))) {
        found.add(artifact.group(1));
      }
    }
    return found;
  }

  /** The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
  private static Set<String> anchors(Path page) {
    return withoutCodeBlocks(read(page)).lines()
        .map(HEADING::matcher)
        .filter(Matcher::matches)
        .map(h -> h.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  private static List<String> codeBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)^```").matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1).trim());
    }
    return blocks;
  }

  private static String withoutCodeBlocks(String markdown) {
    return markdown.replaceAll("(?ms)^```.*?^```", "");
  }

  private static Stream<Path> sourceFiles(String suffix) throws IOException {
    return Files.walk(root)
        .filter(p -> p.getFileName().toString().endsWith(suffix))
        .filter(p -> {
          String relative = root.relativize(p).toString().replace('\\', '/');
          return !relative.startsWith(".git/") && !relative.contains("/target/") && !relative.startsWith("target/")
              && !relative.contains("node_modules/");
        });
  }

  private static String name(Path page) {
    return root.relativize(page).toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
