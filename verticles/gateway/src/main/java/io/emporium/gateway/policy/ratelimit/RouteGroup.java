package io.emporium.gateway.policy.ratelimit;

import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.ApiRoute;
import io.vertx.core.http.HttpMethod;

/** Which group of the route table a route belongs to, for the policies that apply to it. */
public final class RouteGroup {
  private RouteGroup() {}

  public static String of(ApiRoute route) {
    if (route.path().startsWith("/api/auth/")) {
      return "auth";
    }
    if (route.access() == Access.ADMIN) {
      return "admin";
    }
    return route.method() == HttpMethod.GET ? "read" : "write";
  }
}
