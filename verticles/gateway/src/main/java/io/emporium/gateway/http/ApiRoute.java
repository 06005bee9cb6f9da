package io.emporium.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/** One row of the route table: what the gateway serves, who may call it, and what answers it. */
public record ApiRoute(HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {

  public static ApiRoute get(String path, Access access, Handler<RoutingContext> handler) {
    return new ApiRoute(HttpMethod.GET, path, access, handler);
  }

  public static ApiRoute post(String path, Access access, Handler<RoutingContext> handler) {
    return new ApiRoute(HttpMethod.POST, path, access, handler);
  }

  public static ApiRoute put(String path, Access access, Handler<RoutingContext> handler) {
    return new ApiRoute(HttpMethod.PUT, path, access, handler);
  }

  public static ApiRoute delete(String path, Access access, Handler<RoutingContext> handler) {
    return new ApiRoute(HttpMethod.DELETE, path, access, handler);
  }
}
