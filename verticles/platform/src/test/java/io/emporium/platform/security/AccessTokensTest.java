package io.emporium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.platform.config.EmporiumConfig.JwtAlgorithm;
import io.emporium.platform.config.EmporiumConfig.JwtSettings;
import io.emporium.platform.config.EmporiumConfig.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AccessTokensTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef-test";

  static JwtSettings hs256(String issuer, String audience, int ttl) {
    return new JwtSettings(JwtAlgorithm.HS256, new Secret(SECRET), false, Optional.empty(), Optional.empty(), issuer,
        audience, ttl, 5);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A token made by hand, so that tests can forge what the library would never issue. */
  static String forge(String alg, JsonObject claims, String hmacAlgorithm, String secret) throws Exception {
    String signingInput = b64(new JsonObject().put("alg", alg).put("typ", "JWT").encode()) + "." + b64(claims.encode());
    if (hmacAlgorithm == null) {
      return signingInput + ".";
    }
    Mac mac = Mac.getInstance(hmacAlgorithm);
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), hmacAlgorithm));
    return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  static JsonObject validClaims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", "u1").put("roles", new JsonArray().add("user")).put("iat", now)
        .put("exp", now + 600).put("iss", "emporium").put("aud", new JsonArray().add("emporium-api")).put("jti", "j1");
  }

  private static void assertUnauthorized(Vertx vertx, VertxTestContext test, String token) {
    AccessTokens.create(vertx, hs256("emporium", "emporium-api", 900)).verify(token)
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).isInstanceOf(ServiceException.class);
          assertThat(((ServiceException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          test.completeNow();
        })));
  }

  @Test
  void issuedTokenVerifiesWithEveryRequiredClaim(Vertx vertx, VertxTestContext test) {
    AccessTokens tokens = AccessTokens.create(vertx, hs256("emporium", "emporium-api", 900));
    String token = tokens.issue("user-7", Set.of("user", "admin"));
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
        StandardCharsets.UTF_8));
    assertThat(claims.fieldNames()).contains("sub", "roles", "iat", "exp", "iss", "aud", "jti");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(900);
    tokens.verify(token).onComplete(test.succeeding(identity -> test.verify(() -> {
      assertThat(identity.userId()).isEqualTo("user-7");
      assertThat(identity.roles()).containsExactlyInAnyOrder("user", "admin");
      test.completeNow();
    })));
  }

  @Test
  void handForgedValidTokenIsAccepted(Vertx vertx, VertxTestContext test) throws Exception {
    // Proves the forging helper is right, so the refusals below are refusals of the claim at fault.
    AccessTokens.create(vertx, hs256("emporium", "emporium-api", 900))
        .verify(forge("HS256", validClaims(), "HmacSHA256", SECRET))
        .onComplete(test.succeeding(identity -> test.verify(() -> {
          assertThat(identity.userId()).isEqualTo("u1");
          test.completeNow();
        })));
  }

  @Test
  void algNoneIsRefused(Vertx vertx, VertxTestContext test) throws Exception {
    assertUnauthorized(vertx, test, forge("none", validClaims(), null, null));
  }

  @Test
  void anotherAlgorithmIsRefusedEvenWithTheRightSecret(Vertx vertx, VertxTestContext test) throws Exception {
    assertUnauthorized(vertx, test, forge("HS512", validClaims(), "HmacSHA512", SECRET));
  }

  @Test
  void badSignatureIsRefused(Vertx vertx, VertxTestContext test) throws Exception {
    assertUnauthorized(vertx, test, forge("HS256", validClaims(), "HmacSHA256", SECRET + "-not"));
  }

  @Test
  void wrongIssuerIsRefused(Vertx vertx, VertxTestContext test) throws Exception {
    assertUnauthorized(vertx, test, forge("HS256", validClaims().put("iss", "evil"), "HmacSHA256", SECRET));
  }

  @Test
  void wrongAudienceIsRefused(Vertx vertx, VertxTestContext test) throws Exception {
    assertUnauthorized(vertx, test, forge("HS256", validClaims().put("aud", new JsonArray().add("other")),
        "HmacSHA256", SECRET));
  }

  @Test
  void expiredBeyondLeewayIsRefused(Vertx vertx, VertxTestContext test) throws Exception {
    long now = Instant.now().getEpochSecond();
    assertUnauthorized(vertx, test, forge("HS256", validClaims().put("iat", now - 100).put("exp", now - 30),
        "HmacSHA256", SECRET));
  }

  @Test
  void tokenWithoutExpIsRefused(Vertx vertx, VertxTestContext test) throws Exception {
    JsonObject claims = validClaims();
    claims.remove("exp");
    assertUnauthorized(vertx, test, forge("HS256", claims, "HmacSHA256", SECRET));
  }

  @Test
  void tokenWithoutJtiOrIssuerIsRefused(Vertx vertx, VertxTestContext test) throws Exception {
    JsonObject claims = validClaims();
    claims.remove("jti");
    assertUnauthorized(vertx, test, forge("HS256", claims, "HmacSHA256", SECRET));
  }

  @Test
  void garbageIsRefused(Vertx vertx, VertxTestContext test) {
    assertUnauthorized(vertx, test, "not-a-token");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static Future<Identity> roundTripWithKeyPair(Vertx vertx, JwtAlgorithm algorithm, KeyPair pair) {
    String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    AccessTokens signer = AccessTokens.create(vertx, new JwtSettings(algorithm, new Secret(""), false,
        Optional.of(new Secret(privatePem)), Optional.of(publicPem), "emporium", "emporium-api", 900, 5));
    AccessTokens verifierWithPublicKeyOnly = AccessTokens.create(vertx, new JwtSettings(algorithm, new Secret(""),
        false, Optional.empty(), Optional.of(publicPem), "emporium", "emporium-api", 900, 5));
    return verifierWithPublicKeyOnly.verify(signer.issue("u-key", Set.of("user")));
  }

  @Test
  void rs256TokensVerifyWithThePublicKeyOnly(Vertx vertx, VertxTestContext test) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    roundTripWithKeyPair(vertx, JwtAlgorithm.RS256, generator.generateKeyPair())
        .onComplete(test.succeeding(identity -> test.verify(() -> {
          assertThat(identity.userId()).isEqualTo("u-key");
          test.completeNow();
        })));
  }

  @Test
  void es256TokensVerifyWithThePublicKeyOnly(Vertx vertx, VertxTestContext test) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    roundTripWithKeyPair(vertx, JwtAlgorithm.ES256, generator.generateKeyPair())
        .onComplete(test.succeeding(identity -> test.verify(() -> {
          assertThat(identity.userId()).isEqualTo("u-key");
          test.completeNow();
        })));
  }
}
