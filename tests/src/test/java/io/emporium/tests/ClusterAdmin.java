package io.emporium.tests;

import io.emporium.testkit.Http;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real admin for a test cluster: the bootstrap admin of the JVMs with the user role, signed in
 * through a gateway. Admin actions on the catalogue need one, since the product service confirms
 * every admin caller with the user service; the test kit's {@code Tokens} (a token for a made-up id)
 * is enough only for the gateway's own admin routes (mesh, statistics).
 */
public final class ClusterAdmin {
  public static final String EMAIL = "cluster-admin@emporium.test";
  public static final String PASSWORD = "Cluster-catalogue-admin-9";
  private static final Duration SIGN_IN_BOUND = Duration.ofSeconds(30);

  private ClusterAdmin() {}

  /** {@code env} plus the bootstrap admin's settings, for a JVM with the user role. */
  public static Map<String, String> env(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("EMPORIUM_ADMIN_EMAIL", EMAIL);
    all.put("EMPORIUM_ADMIN_PASSWORD", PASSWORD);
    return all;
  }

  /** An access token of the bootstrap admin, once the gateway reaches the user service. */
  public static String signIn(URI gateway) {
    JsonObject credentials = new JsonObject().put("email", EMAIL).put("password", PASSWORD);
    Http.Reply answer = Poll.until("the bootstrap admin signed in through " + gateway, SIGN_IN_BOUND,
        () -> Http.to(gateway).send("POST", "/api/auth/login", credentials, null), reply -> reply.status() == 200);
    return answer.json().getString("accessToken");
  }
}
