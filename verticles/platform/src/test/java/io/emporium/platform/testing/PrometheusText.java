package io.emporium.platform.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition (a scrape of /metrics): the value of each series, by its name and labels. */
public final class PrometheusText {
  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\d+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  public record Series(String name, Map<String, String> labels, double value) {}

  private final java.util.List<Series> series = new java.util.ArrayList<>();

  public PrometheusText(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new HashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4).replace("+Inf", "Infinity"))));
    }
  }

  public java.util.List<Series> all() {
    return series;
  }

  /** The names of every series, sorted. */
  public java.util.Set<String> names() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    series.forEach(s -> names.add(s.name()));
    return names;
  }

  public boolean has(String name) {
    return series.stream().anyMatch(s -> s.name().equals(name));
  }

  /** The sum of every series of this name whose labels include the given ones (0 when none). */
  public double sum(String name, String... labelPairs) {
    double total = 0;
    for (Series s : series) {
      if (s.name().equals(name) && matches(s.labels(), labelPairs)) {
        total += s.value();
      }
    }
    return total;
  }

  public long count(String name, String... labelPairs) {
    return series.stream().filter(s -> s.name().equals(name) && matches(s.labels(), labelPairs)).count();
  }

  private static boolean matches(Map<String, String> labels, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
