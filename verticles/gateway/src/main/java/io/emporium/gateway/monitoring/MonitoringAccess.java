package io.emporium.gateway.monitoring;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.ClientAddresses;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.http.RequestIds;
import io.emporium.platform.config.EmporiumConfig.Secret;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.AccessTokens;
import io.emporium.platform.security.Identity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may read monitoring endpoints, and the audit of every attempt. Access: an admin's access token,
 * or (where the endpoint allows it) the scrape token {@code metrics.token} as a Bearer header, the way
 * Prometheus sends it; compared in constant time. Audit: every request to a monitoring endpoint,
 * granted or refused, becomes one INFO line on the logger {@value #AUDIT_LOGGER} (endpoint, principal,
 * client address, request id, status, outcome) and one count of
 * {@code emporium_monitoring_access_total{endpoint,outcome}}.
 */
public final class MonitoringAccess {
  public static final String AUDIT_LOGGER = "io.emporium.audit.monitoring";
  public static final String SCRAPE_PRINCIPAL = "scrape-token";
  private static final Logger AUDIT = LoggerFactory.getLogger(AUDIT_LOGGER);
  private static final String PRINCIPAL = "emporium.monitoring.principal";
  private static final String BEARER = "Bearer ";
  /** Requests to monitoring endpoints, by outcome (Micrometer name: Prometheus adds _total). */
  static final String MONITORING_ACCESS = "emporium.monitoring.access";

  private final Optional<byte[]> scrapeToken;
  private final Optional<AccessTokens> tokens;
  private final EmporiumMetrics metrics;

  /**
   * @param tokens verifies admin tokens; empty in a JVM that cannot verify them (then only the scrape
   *     token opens /metrics there)
   */
  public MonitoringAccess(Optional<Secret> scrapeToken, Optional<AccessTokens> tokens, EmporiumMetrics metrics) {
    this.scrapeToken = scrapeToken.map(s -> s.value().getBytes(StandardCharsets.UTF_8));
    this.tokens = tokens;
    this.metrics = metrics;
  }

  /** Writes the audit line and count once the answer is sent; mount it before any check can refuse. */
  public Handler<RoutingContext> audit(String endpoint) {
    return ctx -> {
      // The request's span is no longer current once the answer has gone: keep its trace id now.
      SpanContext span = Span.current().getSpanContext();
      ctx.addBodyEndHandler(v -> {
        int status = ctx.response().getStatusCode();
        String outcome = status < 400 ? "granted" : "refused";
        String principal = ctx.get(PRINCIPAL) == null ? "anonymous" : ctx.<String>get(PRINCIPAL);
        metrics.counter(MONITORING_ACCESS, "Requests to monitoring endpoints, by outcome",
            "endpoint", endpoint, "outcome", outcome).increment();
        AUDIT.atInfo()
            .addKeyValue("audit", "monitoring")
            .addKeyValue("endpoint", endpoint)
            .addKeyValue("principal", principal)
            .addKeyValue("clientIp", ClientAddresses.of(ctx))
            .addKeyValue("requestId", RequestIds.of(ctx))
            .addKeyValue("traceId", span.isValid() ? span.getTraceId() : null)
            .addKeyValue("status", status)
            .addKeyValue("outcome", outcome)
            .log("monitoring access {} {} by {}: {}", ctx.request().method(), endpoint, principal, outcome);
      });
      ctx.next();
    };
  }

  /** Lets admins through, and the scrape token when {@code scrapeTokenAllowed}; 401 or 403 otherwise. */
  public Handler<RoutingContext> check(boolean scrapeTokenAllowed) {
    return ctx -> {
      String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        refuse(ctx, ErrorCode.UNAUTHORIZED, "an admin access token"
            + (scrapeTokenAllowed ? " or the metrics scrape token" : "") + " is required");
        return;
      }
      String presented = authorization.substring(BEARER.length()).trim();
      if (scrapeTokenAllowed && scrapeToken.isPresent()
          && MessageDigest.isEqual(scrapeToken.get(), presented.getBytes(StandardCharsets.UTF_8))) {
        ctx.put(PRINCIPAL, SCRAPE_PRINCIPAL);
        ctx.next();
        return;
      }
      if (tokens.isEmpty()) {
        refuse(ctx, ErrorCode.UNAUTHORIZED, "the token is not valid here");
        return;
      }
      tokens.get().verify(presented).onComplete(verified -> {
        if (verified.failed()) {
          refuse(ctx, ErrorCode.UNAUTHORIZED, "the token is not valid");
          return;
        }
        Identity identity = verified.result();
        ctx.put(PRINCIPAL, "user:" + identity.userId());
        if (!identity.hasRole(Identity.ROLE_ADMIN)) {
          refuse(ctx, ErrorCode.FORBIDDEN, "monitoring endpoints are for administrators");
          return;
        }
        ctx.next();
      });
    };
  }

  private static void refuse(RoutingContext ctx, ErrorCode code, String detail) {
    Problems.send(ctx, ServiceError.of(code, detail));
  }
}
