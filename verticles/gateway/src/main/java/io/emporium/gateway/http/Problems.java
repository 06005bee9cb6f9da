package io.emporium.gateway.http;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error the gateway answers, as RFC 9457 {@code application/problem+json}: a stable code, a
 * safe detail, the field at fault when there is one (and, for a request that does not match the API
 * contract, every field at fault in {@code errors}), and the request id.
 */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  /** Seconds a client should wait before retrying when a service is unavailable. */
  static final String RETRY_AFTER_SECONDS = "1";
  private static final Pattern RETRY_AFTER = Pattern.compile("retry after (\\d+) seconds$");

  private Problems() {}

  public static void send(RoutingContext ctx, ServiceError error) {
    if (error.code() == ErrorCode.RATE_LIMITED) {
      retryAfter(error.message()).ifPresent(seconds -> ctx.response().putHeader("Retry-After", seconds));
    }
    send(ctx, error.code().httpStatus(), error.code().name(), error.message(), error.field());
  }

  /** The contract ends a RATE_LIMITED message with {@code retry after <N> seconds}. */
  private static Optional<String> retryAfter(String message) {
    Matcher m = RETRY_AFTER.matcher(message == null ? "" : message);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  public static void send(RoutingContext ctx, int status, String code, String detail, String field) {
    send(ctx, status, code, detail, field, null);
  }

  /** @param errors every field at fault ({@code [{"field", "in", "detail"}]}), or null */
  public static void send(RoutingContext ctx, int status, String code, String detail, String field,
      JsonArray errors) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      ctx.request().connection().close();
      return;
    }
    JsonObject body = body(status, code, detail, ctx.request().path()).put("requestId", RequestIds.of(ctx));
    if (field != null) {
      body.put("field", field);
    }
    if (errors != null) {
      body.put("errors", errors);
    }
    Buffer bytes = body.toBuffer();
    // a keyed write's final 4xx is kept for its retries; a 5xx lets the key go (see IdempotentAnswers)
    IdempotentAnswers.record(ctx, status, CONTENT_TYPE, null, null, bytes);
    write(response, status, bytes);
  }

  /** A problem answered outside a routing context (the cache lane, which serves no keyed write). */
  public static void send(HttpServerRequest request, String requestId, int status, String code, String detail) {
    send(request, requestId, status, code, detail, null);
  }

  /** A contract error answered outside a routing context, as {@link #send(RoutingContext, ServiceError)} answers it. */
  public static void send(HttpServerRequest request, String requestId, ServiceError error) {
    if (error.code() == ErrorCode.RATE_LIMITED && !request.response().headWritten()) {
      retryAfter(error.message()).ifPresent(seconds -> request.response().putHeader("Retry-After", seconds));
    }
    send(request, requestId, error.code().httpStatus(), error.code().name(), error.message(), error.field());
  }

  private static void send(HttpServerRequest request, String requestId, int status, String code, String detail,
      String field) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    JsonObject body = body(status, code, detail, request.path()).put("requestId", requestId);
    if (field != null) {
      body.put("field", field);
    }
    write(response, status, body.toBuffer());
  }

  private static void write(HttpServerResponse response, int status, Buffer bytes) {
    if (status == ErrorCode.UNAVAILABLE.httpStatus()) {
      response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    if (status == ErrorCode.UNAUTHORIZED.httpStatus()) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"emporium\"");
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(bytes);
  }

  /** The fields every problem has; {@code instance} is the request's path, or null when there is none to trust. */
  public static JsonObject body(int status, String code, String detail, String instance) {
    JsonObject body = new JsonObject()
        .put("type", "urn:emporium:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'))
        .put("title", title(status))
        .put("status", status)
        .put("code", code)
        .put("detail", detail);
    return instance == null ? body : body.put("instance", instance);
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 414 -> "URI Too Long";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status >= 500 ? "Internal Server Error" : "Bad Request";
    };
  }
}
