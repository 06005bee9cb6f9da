package io.emporium.gateway.http;

import io.emporium.gateway.config.GatewaySettings;
import io.emporium.platform.config.EmporiumConfig;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/** The gateway's HTTP server options, from its configuration. */
public final class GatewayServerOptions {
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_REQUEST_LINE = 8 * 1024;

  private GatewayServerOptions() {}

  public static HttpServerOptions of(EmporiumConfig.HttpSettings http, GatewaySettings.InputLimits limits) {
    return new HttpServerOptions()
        .setHost(http.host())
        .setPort(http.port())
        // Vert.x has no idle timeout and no header limits of its own choosing: set them.
        .setIdleTimeout(http.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        // twice the configured limits: the gateway checks those itself and answers problem+json
        .setMaxHeaderSize(Math.max(MAX_HEADER_BYTES, 2 * limits.maxHeaderBytes()))
        .setMaxInitialLineLength(Math.max(MAX_REQUEST_LINE, 2 * limits.maxUrlLength()))
        .setCompressionSupported(true)
        // The gateway serves no WebSockets: with these on, Vert.x puts a WebSocket extension handler in
        // every connection's pipeline, which looks at every answer (2 % of an uncached GET's CPU).
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false);
  }
}
