package io.emporium.platform.config;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The settings of the modules on the class path, each read by its {@link ConfigSection}. */
public final class ConfigSections {
  /** Set once by the parser, before the configuration is handed out. */
  private volatile Map<Class<?>, Object> byType = Map.of();

  ConfigSections() {}

  /** Reads every section on the class path, in the order of their types' names (so problems keep one order). */
  void readAll(ConfigReader reader, EmporiumConfig config) {
    Map<Class<?>, Object> read = new LinkedHashMap<>();
    ServiceLoader.load(ConfigSection.class, ConfigSection.class.getClassLoader()).stream()
        .<ConfigSection<?>>map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparing(section -> section.type().getName()))
        .forEach(section -> {
          if (read.put(section.type(), section.read(reader, config)) != null) {
            throw new IllegalStateException("two configuration sections read " + section.type().getName());
          }
        });
    byType = Collections.unmodifiableMap(read);
  }

  <T> T get(Class<T> type) {
    Object settings = byType.get(type);
    if (settings == null) {
      throw new IllegalStateException("no configuration section reads " + type.getName() + ": the module that owns"
          + " it is not on the class path, or its META-INF/services/" + ConfigSection.class.getName() + " is missing");
    }
    return type.cast(settings);
  }

  @Override
  public String toString() {
    return byType.values().toString();
  }
}
