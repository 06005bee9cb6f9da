package io.emporium.gateway.monitoring;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers the request's trace id in {@code X-Trace-Id}: the id to look up in the logs of every JVM the
 * request went through, and in the tracing backend. No header when the trace is not recorded (tracing
 * off, or not in the sampled share): an id that leads nowhere would only mislead.
 */
public final class TraceIds implements Handler<RoutingContext> {
  public static final String HEADER = "X-Trace-Id";

  @Override
  public void handle(RoutingContext ctx) {
    write(ctx.response());
    ctx.next();
  }

  public static void write(io.vertx.core.http.HttpServerResponse response) {
    SpanContext span = Span.current().getSpanContext();
    if (span.isSampled()) {
      response.putHeader(HEADER, span.getTraceId());
    }
  }
}
