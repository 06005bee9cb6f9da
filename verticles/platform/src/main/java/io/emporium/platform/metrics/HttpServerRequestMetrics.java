package io.emporium.platform.metrics;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Vert.x's HTTP server metrics with the request-level meters of {@link HttpServerMeters} (found once per
 * method, route and status instead of built from tags on every request), and the gateway's own request
 * meters ({@link GatewayRequestMeters}) for the requests its router marks, from the same clock reads;
 * the connection-level meters (open connections, bytes, errors, websockets) stay vertx-micrometer's.
 */
final class HttpServerRequestMetrics implements HttpServerMetrics<HttpServerRequestMetrics.Request, Object, Object> {
  private final HttpServerMetrics<Object, Object, Object> connections;
  private final HttpServerMeters meters;

  @SuppressWarnings("unchecked")
  HttpServerRequestMetrics(HttpServerMetrics<?, ?, ?> connections, HttpServerMeters meters) {
    this.connections = (HttpServerMetrics<Object, Object, Object>) connections;
    this.meters = meters;
  }

  @Override
  public Request requestBegin(Object socketMetric, HttpRequest request) {
    return begin(request.method());
  }

  @Override
  public Request responsePushed(Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return begin(method);
  }

  private Request begin(HttpMethod method) {
    HttpServerMeters.MethodMeters byMethod = meters.of(method);
    byMethod.active.increment();
    return new Request(byMethod, System.nanoTime());
  }

  @Override
  public void requestRouted(Request request, String route) {
    if (route == null) {
      return;
    }
    if (route.equals(EmporiumMetrics.GATEWAY_ROUTE_NAME)) {
      request.gateway = true;
      return;
    }
    // vertx-web reports every route the request passed through; the last one is the one that answered.
    request.route = route;
  }

  @Override
  public void requestEnd(Request request, HttpRequest httpRequest, long bytesRead) {
    request.method.requestBytes.record(bytesRead);
    if (request.gateway) {
      meters.gateway().requestSize(bytesRead);
    }
    request.requestEnded = true;
    if (!request.reset && request.responseEnded) {
      request.method.active.decrement();
    }
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    long nanos = System.nanoTime() - request.startNanos;
    HttpServerMeters.ResponseMeters answer = request.method.answer(request.route, response.statusCode());
    answer.record();
    if (request.gateway) {
      answer.gateway().record(nanos);
      meters.gateway().responseSize(bytesWritten);
    }
    request.responseEnded = true;
    if (!request.reset && request.requestEnded) {
      request.method.active.decrement();
    }
  }

  @Override
  public void requestReset(Request request) {
    request.method.resets.increment();
    request.method.active.decrement();
    request.reset = true;
  }

  @Override
  public Object connected(Object socketMetric, Request request, ServerWebSocket serverWebSocket) {
    return connections.connected(socketMetric, null, serverWebSocket);
  }

  @Override
  public void disconnected(Object serverWebSocketMetric) {
    connections.disconnected(serverWebSocketMetric);
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    return connections.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
    connections.disconnected(socketMetric, remoteAddress);
  }

  @Override
  public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesRead(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    connections.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
    connections.exceptionOccurred(socketMetric, remoteAddress, t);
  }

  @Override
  public void close() {
    connections.close();
  }

  /** One request in progress; touched only on its connection's event loop. */
  static final class Request {
    private final HttpServerMeters.MethodMeters method;
    private final long startNanos;
    /** No route matched (or no vertx-web router): Vert.x's own label for it. */
    private String route = "";
    /** The gateway's router handled it: the gateway's own meters count it too. */
    private boolean gateway;
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean reset;

    private Request(HttpServerMeters.MethodMeters method, long startNanos) {
      this.method = method;
      this.startNanos = startNanos;
    }
  }
}
