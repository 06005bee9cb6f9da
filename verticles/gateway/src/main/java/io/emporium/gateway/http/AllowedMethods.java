package io.emporium.gateway.http;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code Allow} header of a 405 (RFC 9110 requires it): the methods of every route whose path
 * template matches the request's path, read from the router itself so it cannot drift from the routes.
 */
public final class AllowedMethods {
  private AllowedMethods() {}

  public static String of(Router router, String path) {
    Set<String> methods = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.methods() != null && route.getPath() != null && matches(route.getPath(), path)) {
        route.methods().forEach(method -> methods.add(method.name()));
      }
    }
    if (methods.contains("GET")) {
      methods.add("HEAD"); // every GET route answers HEAD (GatewayRouter)
    }
    return String.join(", ", methods);
  }

  /** Segment by segment: a {@code :param} segment matches any one segment. */
  static boolean matches(String template, String path) {
    String[] expected = template.split("/", -1);
    String[] actual = path.split("/", -1);
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (!expected[i].startsWith(":") && !expected[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }
}
