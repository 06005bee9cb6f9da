package io.emporium.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Where the writers of answers ({@code Replies}, {@code Problems}) hand a keyed write's answer to its
 * recording. A request without the header costs one read of that header here, no context lookup and
 * no allocation; a GET costs a comparison. The recording is the idempotency policy's, which puts it in the
 * request's context under {@link #KEY}.
 */
public final class IdempotentAnswers {
  public static final String KEY = "emporium.idempotency";

  /** A keyed write's recording: it gets the write's answer. */
  public interface Recorder {
    /** The answer as written: each header null when the answer has none, the body empty for none. */
    void answered(int status, String contentType, String location, String etag, Buffer body);
  }

  private IdempotentAnswers() {}

  /** Whether this request's answer is recorded: then it is computed even when the client has gone. */
  public static boolean recording(RoutingContext ctx) {
    return of(ctx) != null;
  }

  /** The answer as written: each header null when the answer has none, the body null for none. */
  public static void record(RoutingContext ctx, int status, String contentType, String location, String etag,
      Buffer body) {
    Recorder recording = of(ctx);
    if (recording != null) {
      recording.answered(status, contentType, location, etag, body == null ? Buffer.buffer() : body);
    }
  }

  private static Recorder of(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.GET
        || !ctx.request().headers().contains(PreparedHeaders.IDEMPOTENCY_KEY)) {
      return null;
    }
    return ctx.get(KEY);
  }
}
