package io.emporium.tests;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An HS256 access token with the admin role, signed with the JWT secret a test gave its gateway JVMs. */
public final class AdminTokens {
  private AdminTokens() {}

  public static String admin(String jwtSecret) {
    return token(jwtSecret, UUID.randomUUID().toString(), new JsonArray().add("user").add("admin"));
  }

  /** A signed-in user's token for {@code userId} (routes that need no account in the user service, e.g. orders). */
  public static String user(String jwtSecret, String userId) {
    return token(jwtSecret, userId, new JsonArray().add("user"));
  }

  private static String token(String jwtSecret, String subject, JsonArray roles) {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("sub", subject)
        .put("roles", roles).put("iat", now - 10).put("exp", now + 3_600)
        .put("iss", "emporium").put("aud", "emporium-api").put("jti", UUID.randomUUID().toString());
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
