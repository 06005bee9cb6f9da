package io.emporium.gateway.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Refuses an HTTP/1.1 request that carries both {@code Content-Length} and {@code Transfer-Encoding}:
 * the two framings disagree, and a proxy in front that reads the other one would see a different next
 * request (request smuggling). Netty's decoder, like RFC 9112 section 6.3 allows, drops Content-Length
 * and goes on; section 6.1 says a server that goes on must close the connection after the answer, and
 * refusing is the safer choice. The decoder here marks the request as undecodable instead, which makes
 * Vert.x hand it to the server's invalid-request handler ({@link MalformedRequests}) and discard what
 * follows on the connection, so the request behind it is never read.
 *
 * <p>Vert.x has no option for this, so each new HTTP/1.x connection gets this decoder in place of its
 * own (same settings), from the server's connection handler, before anything is read. That holds only
 * without cleartext HTTP/2 (h2c): to tell h2c from HTTP/1.1, Vert.x reads the first request before it
 * calls the connection handler. {@link #apply} switches h2c off, which a gateway wants anyway: an h2c
 * upgrade passed through by a proxy in front is a known way to smuggle requests past it.
 */
public final class FramingCheck {
  private static final String DECODER = "httpDecoder";

  private FramingCheck() {}

  /** Switches h2c off in the options and answers the connection handler that installs the check. */
  public static io.vertx.core.Handler<HttpConnection> apply(HttpServerOptions options) {
    options.setHttp2ClearTextEnabled(false);
    HttpServerOptions settings = new HttpServerOptions(options);
    return connection -> install(connection, settings);
  }

  /** HTTP/2 (over TLS) has no such framing and is left alone. */
  private static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof Http1xServerConnection http1) {
      ChannelPipeline pipeline = http1.channelHandlerContext().pipeline();
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder && !(pipeline.get(DECODER) instanceof Decoder)) {
        pipeline.replace(DECODER, DECODER, new Decoder(options));
      }
    }
  }

  /** The message of the failure a refused request carries (the invalid-request handler reads it). */
  static final String BOTH_FRAMINGS = "a request may not carry both Content-Length and Transfer-Encoding";

  /** Thrown while the headers are read: Netty turns it into a failed decoder result for the request. */
  static final class AmbiguousFraming extends IllegalArgumentException {
    AmbiguousFraming() {
      super(BOTH_FRAMINGS);
    }
  }

  private static final class Decoder extends VertxHttpRequestDecoder {
    Decoder(HttpServerOptions options) {
      super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      throw new AmbiguousFraming();
    }
  }
}
