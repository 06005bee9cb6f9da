package io.emporium.gateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * HEAD is GET without the body (RFC 9110 section 9.3.2): the same status and headers, ETag and
 * Content-Length included. Rather than give every GET route a second method (and every policy a second
 * case), a HEAD request is routed as the GET it stands for, before any other handler runs; the HTTP
 * server itself leaves the body out of an answer to a HEAD request, but it also leaves out the length
 * it would have had, which is put back here. A path with no GET route still answers 405.
 */
public final class HeadRequests {
  /** Before every other handler, so nothing runs twice. */
  private static final int ORDER = -10_000;
  private static final String HEAD = "emporium.head";

  private HeadRequests() {}

  public static void mount(Router router) {
    router.route().order(ORDER).method(HttpMethod.HEAD).handler(ctx -> {
      ctx.put(HEAD, Boolean.TRUE);
      ctx.reroute(HttpMethod.GET, ctx.request().uri());
    });
    router.route().order(ORDER + 1).handler(ctx -> {
      if (ctx.get(HEAD) != null) {
        ctx.addHeadersEndHandler(v -> asGetWouldHave(ctx.response()));
      }
      ctx.next();
    });
  }

  /** The length the body would have had, and no marker meant for the (skipped) compression of a body. */
  private static void asGetWouldHave(HttpServerResponse response) {
    int status = response.getStatusCode();
    if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && response.bytesWritten() > 0
        && status != 204 && status != 304) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(response.bytesWritten()));
    }
    if ("identity".equals(response.headers().get(HttpHeaders.CONTENT_ENCODING))) {
      response.headers().remove(HttpHeaders.CONTENT_ENCODING);
    }
  }
}
