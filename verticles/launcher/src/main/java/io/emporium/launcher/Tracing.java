package io.emporium.launcher;

import io.emporium.platform.config.EmporiumConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Future;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry for this JVM through vertx-opentelemetry: the HTTP server, event-bus requests and SQL
 * statements become spans, and the W3C {@code traceparent} header carries the trace across the event
 * bus to other JVMs, so one request is one trace. Made only with {@code tracing.otlp-endpoint} set, for
 * the share {@code tracing.sample-ratio} of the traces that start here (parent-based: a JVM follows the
 * decision the trace's first JVM sent along).
 */
final class Tracing {
  /** How long a finished span may wait before its batch is sent. */
  static final Duration EXPORT_DELAY = Duration.ofMillis(500);

  private final OpenTelemetrySdk sdk;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  static Tracing create(EmporiumConfig config, String roles) {
    SdkTracerProviderBuilder provider = SdkTracerProvider.builder()
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.observability().sampleRatio())))
        .setResource(Resource.getDefault().toBuilder()
            .put(AttributeKey.stringKey("service.name"), "emporium")
            .put(AttributeKey.stringKey("emporium.roles"), roles)
            .build());
    config.observability().otlpEndpoint().ifPresent(endpoint -> provider.addSpanProcessor(
        BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(endpoint)
                .setTimeout(Duration.ofSeconds(10)).build())
            .setScheduleDelay(EXPORT_DELAY).build()));
    return new Tracing(OpenTelemetrySdk.builder()
        .setTracerProvider(provider.build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build());
  }

  VertxBuilder apply(VertxBuilder builder, VertxOptions options) {
    options.setTracingOptions(new OpenTelemetryOptions());
    return builder.withTracer(new OpenTelemetryTracingFactory(sdk));
  }

  /** Sends what is still buffered, then stops the exporter. */
  Future<Void> close() {
    return Future.fromCompletionStage(java.util.concurrent.CompletableFuture.runAsync(
        () -> sdk.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS)));
  }
}
