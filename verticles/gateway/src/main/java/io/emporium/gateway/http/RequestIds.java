package io.emporium.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in the {@code X-Request-Id} response header and carried on the
 * bus. A client's own id is kept only when it is short and plain, so it cannot inject into logs.
 */
public final class RequestIds implements Handler<RoutingContext>, Step {
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "emporium.requestId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public boolean apply(RoutingContext ctx) {
    ctx.put(KEY, assign(ctx.request(), ctx.response()));
    return true;
  }

  /** The request's id (the client's when it is plain, else a fresh one), echoed on the response. */
  public static String assign(HttpServerRequest request, HttpServerResponse response) {
    String offered = request.getHeader(HEADER);
    String id = offered != null && SAFE.matcher(offered).matches() ? offered : fresh();
    response.putHeader(io.emporium.gateway.http.PreparedHeaders.X_REQUEST_ID, id);
    return id;
  }
  @Override
  public void handle(RoutingContext ctx) {
    if (apply(ctx)) {
      ctx.next();
    }
  }


  /**
   * A random (version 4) UUID from the thread's own generator: a request id must be unique, not
   * unguessable, and {@code UUID.randomUUID} draws from the shared SecureRandom (4 % of the cached GET's
   * CPU in a profile).
   */
  static String fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }

  /** The id of this request; one is made up if the handler has not run (e.g. a very early failure). */
  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    if (id == null) {
      id = fresh();
      ctx.put(KEY, id);
      ctx.response().putHeader(HEADER, id);
    }
    return id;
  }
}
