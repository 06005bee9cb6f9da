package io.emporium.gateway.config;

import io.emporium.platform.config.ConfigReader;
import io.emporium.platform.config.ConfigSection;
import io.emporium.platform.config.EmporiumConfig;

/** The gateway's section of the configuration, listed in the gateway's META-INF/services. */
public final class GatewayConfigSection implements ConfigSection<GatewaySettings> {

  @Override
  public Class<GatewaySettings> type() {
    return GatewaySettings.class;
  }

  @Override
  public GatewaySettings read(ConfigReader reader, EmporiumConfig config) {
    return new GatewayConfigParser(reader).parse(config.redisUrl().isPresent());
  }
}
