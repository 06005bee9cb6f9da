package io.emporium.gateway.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The answer to a request the HTTP decoder could not read (bad framing, a line or headers too long): a
 * problem+json body like every other error, then the connection is closed, since what follows on it
 * cannot be trusted to start a request. Vert.x's default answers the same statuses with no body.
 */
public final class MalformedRequests implements Handler<HttpServerRequest> {
  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Refusal refusal = Refusal.of(cause);
    // no instance: the request line of an unreadable request is not to be echoed
    JsonObject body = Problems.body(refusal.status(), refusal.code(), refusal.detail(), null);
    request.response().setStatusCode(refusal.status())
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Connection", "close")
        .end(body.toBuffer())
        .onComplete(done -> request.connection().close());
  }

  record Refusal(int status, String code, String detail) {
    static Refusal of(Throwable cause) {
      if (cause instanceof TooLongHttpLineException) {
        return new Refusal(414, "URI_TOO_LONG", "the request line is too long");
      }
      if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
        return new Refusal(431, "HEADERS_TOO_LARGE", "the request's headers are too large");
      }
      if (cause instanceof FramingCheck.AmbiguousFraming) {
        return new Refusal(400, "MALFORMED_REQUEST", FramingCheck.BOTH_FRAMINGS);
      }
      return new Refusal(400, "MALFORMED_REQUEST", "the request is not valid HTTP");
    }
  }
}
