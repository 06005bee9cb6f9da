package io.emporium.gateway.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Access tokens signed with a test's HS256 secret, as the user service would issue them. */
public final class Tokens {
  private Tokens() {}

  /** A token with the admin role for a made-up id: enough for the gateway's own admin routes. */
  public static String admin(String secret) {
    return token(UUID.randomUUID().toString(), "admin", secret);
  }

  public static String user(String secret) {
    return token(UUID.randomUUID().toString(), "user", secret);
  }

  /** A valid access token for {@code subject} with the user role and {@code role}, for 10 minutes. */
  public static String token(String subject, String role, String secret) {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("sub", subject).put("roles", new JsonArray().add("user").add(role))
        .put("iat", now - 10).put("exp", now + 600).put("iss", "emporium").put("aud", "emporium-api")
        .put("jti", UUID.randomUUID().toString());
    return sign(claims, secret);
  }

  /** An HS256 JWT over any claims. */
  public static String sign(JsonObject claims, String secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
