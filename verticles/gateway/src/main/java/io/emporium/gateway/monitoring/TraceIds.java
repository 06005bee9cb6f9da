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
    SpanContext span = Span.current().getSpanContext();
    if (span.isSampled()) {
      ctx.response().putHeader(HEADER, span.getTraceId());
    }
    ctx.next();
  }
}
