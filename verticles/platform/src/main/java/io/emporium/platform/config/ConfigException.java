package io.emporium.platform.config;

import java.util.List;

/** The configuration cannot be used; the message lists every problem, each naming its key. */
public final class ConfigException extends RuntimeException {
  private final transient List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid configuration:\n  - " + String.join("\n  - ", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
