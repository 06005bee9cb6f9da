package io.emporium.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.config.GatewaySettings;
import io.emporium.platform.config.EmporiumConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's HTTP server options, and what they leave out of each connection's pipeline. */
class GatewayServerOptionsTest {
  private static final EmporiumConfig.HttpSettings HTTP = new EmporiumConfig.HttpSettings("127.0.0.1", 0, 1_048_576, 30);
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  void limitsAreTwiceTheConfiguredOnesAndNeverBelowVertxsFloor() {
    HttpServerOptions large = GatewayServerOptions.of(HTTP, new GatewaySettings.InputLimits(32 * 1024, 6_000, 32, 10_000));
    assertThat(large.getMaxHeaderSize()).isEqualTo(64 * 1024);
    assertThat(large.getMaxInitialLineLength()).isEqualTo(12_000);
    HttpServerOptions small = GatewayServerOptions.of(HTTP, new GatewaySettings.InputLimits(1_024, 512, 32, 10_000));
    assertThat(small.getMaxHeaderSize()).isEqualTo(16 * 1024);
    assertThat(small.getMaxInitialLineLength()).isEqualTo(8 * 1024);
    assertThat(small.getIdleTimeout()).isEqualTo(30);
    assertThat(small.getIdleTimeoutUnit()).isEqualTo(TimeUnit.SECONDS);
    assertThat(small.isCompressionSupported()).isTrue();
  }

  @Test
  void noConnectionCarriesAWebSocketExtensionHandlerAsVertxsDefaultsDo() throws Exception {
    HttpServerOptions gateway = GatewayServerOptions.of(HTTP, new GatewaySettings.InputLimits(8_192, 2_048, 32, 10_000));
    assertThat(handlerNames(gateway)).isNotEmpty().doesNotContain("webSocketExtensionHandler");
    // the same server with Vert.x's defaults for WebSockets: the handler this leaves out
    HttpServerOptions defaults = new HttpServerOptions(gateway).setPerFrameWebSocketCompressionSupported(true)
        .setPerMessageWebSocketCompressionSupported(true);
    assertThat(handlerNames(defaults)).contains("webSocketExtensionHandler");
  }

  /** The handlers in the pipeline of a connection to a server with {@code options}, once it answered a request. */
  private List<String> handlerNames(HttpServerOptions options) throws Exception {
    Promise<List<String>> names = Promise.promise();
    var server = vertx.createHttpServer(new HttpServerOptions(options).setPort(0))
        .requestHandler(request -> {
          names.tryComplete(((Http1xServerConnection) request.connection()).channelHandlerContext().pipeline().names());
          request.response().end("ok");
        });
    int port = await(server.listen()).actualPort();
    var client = vertx.createHttpClient();
    // The body is asked for in the callback that gets the response (asked later, it may never complete).
    int status = await(client.request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(r -> r.send().compose(response -> response.body().map(response.statusCode()))));
    assertThat(status).isEqualTo(200);
    await(client.close());
    await(server.close());
    return await(names.future());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
