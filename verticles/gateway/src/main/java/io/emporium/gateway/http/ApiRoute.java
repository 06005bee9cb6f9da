package io.emporium.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * One row of the route table: what the gateway serves, who may call it, and what answers it; for a
 * public read by one path parameter, also that read in a form the cache lane can make without the
 * router ({@code passThrough}, null on every other route).
 */
public record ApiRoute(HttpMethod method, String path, Access access, Handler<RoutingContext> handler,
    PassThroughRead passThrough) {

  public static ApiRoute get(String path, Access access, Handler<RoutingContext> handler) {
    return new ApiRoute(HttpMethod.GET, path, access, handler, null);
  }

  public static ApiRoute post(String path, Access access, Handler<RoutingContext> handler) {
    return new ApiRoute(HttpMethod.POST, path, access, handler, null);
  }

  public static ApiRoute put(String path, Access access, Handler<RoutingContext> handler) {
    return new ApiRoute(HttpMethod.PUT, path, access, handler, null);
  }

  public static ApiRoute delete(String path, Access access, Handler<RoutingContext> handler) {
    return new ApiRoute(HttpMethod.DELETE, path, access, handler, null);
  }

  /** The same route, whose handler's read the lane may also make ({@code read} must do what the handler does). */
  public ApiRoute passingThrough(PassThroughRead read) {
    return new ApiRoute(method, path, access, handler, read);
  }
}
