package io.emporium.gateway.policy.idempotency;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Where the writers of answers ({@code Replies}, {@code Problems}) hand a keyed write's answer to its
 * recording. A request without the header costs one read of that header here, no context lookup and
 * no allocation; a GET costs a comparison.
 */
public final class IdempotentAnswers {
  static final String KEY = "emporium.idempotency";

  private IdempotentAnswers() {}

  /** Whether this request's answer is recorded: then it is computed even when the client has gone. */
  public static boolean recording(RoutingContext ctx) {
    return of(ctx) != null;
  }

  /** The answer as written: each header null when the answer has none, the body null for none. */
  public static void record(RoutingContext ctx, int status, String contentType, String location, String etag,
      Buffer body) {
    Recording recording = of(ctx);
    if (recording != null) {
      recording.answered(new StoredAnswer(status, contentType, location, etag, body == null ? Buffer.buffer() : body));
    }
  }

  private static Recording of(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.GET || !ctx.request().headers().contains(KeyRules.HEADER_NAME)) {
      return null;
    }
    return ctx.get(KEY);
  }
}
