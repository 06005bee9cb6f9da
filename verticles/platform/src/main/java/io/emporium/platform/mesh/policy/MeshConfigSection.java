package io.emporium.platform.mesh.policy;

import io.emporium.platform.config.ConfigReader;
import io.emporium.platform.config.ConfigSection;
import io.emporium.platform.config.EmporiumConfig;

/** The mesh's section of the configuration (the {@code mesh.*} keys), listed in the platform's META-INF/services. */
public final class MeshConfigSection implements ConfigSection<MeshSettings> {

  @Override
  public Class<MeshSettings> type() {
    return MeshSettings.class;
  }

  @Override
  public MeshSettings read(ConfigReader reader, EmporiumConfig config) {
    return new MeshConfigParser(reader).parse(config.timeouts().busMs(), config.timeouts().healthMs());
  }
}
