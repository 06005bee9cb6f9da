package io.emporium.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access tokens signed with a test's HS256 secret, as the user service would issue them, so that a route
 * can be tested whatever the state of sign-in. A made-up admin is enough for the gateway's own admin
 * routes, not for catalogue changes: the product service confirms admins with the user service.
 */
public final class Tokens {
  /** Long enough for the longest cluster test; no test relies on these tokens expiring. */
  private static final Duration LIFETIME = Duration.ofHours(1);

  private Tokens() {}

  /** A token with the user and admin roles for a made-up id. */
  public static String admin(String secret) {
    return token(UUID.randomUUID().toString(), new JsonArray().add("user").add("admin"), secret);
  }

  /** A token with the user role for a made-up id. */
  public static String user(String secret) {
    return user(secret, UUID.randomUUID().toString());
  }

  /** A token with the user role for {@code subject} (routes that need no account in the user service). */
  public static String user(String secret, String subject) {
    return token(subject, new JsonArray().add("user"), secret);
  }

  private static String token(String subject, JsonArray roles, String secret) {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("sub", subject).put("roles", roles)
        .put("iat", now - 10).put("exp", now + LIFETIME.toSeconds()).put("iss", "emporium").put("aud", "emporium-api")
        .put("jti", UUID.randomUUID().toString());
    return sign(claims, secret);
  }

  /** An HS256 JWT over any claims: valid ones, or forged ones for the tests that must refuse them. */
  public static String sign(JsonObject claims, String secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
