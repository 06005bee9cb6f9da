package io.emporium.platform.security;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.config.EmporiumConfig.JwtAlgorithm;
import io.emporium.platform.config.EmporiumConfig.JwtSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies access tokens with vertx-auth-jwt. The library checks only what it is told to,
 * so this class pins the algorithm (a token naming any other, {@code none} included, is refused before
 * the library sees it) and requires exp, iat, iss, aud, sub and jti.
 */
public final class AccessTokens {
  private static final List<String> REQUIRED_CLAIMS = List.of("exp", "iat", "iss", "aud", "sub", "jti");

  private final JWTAuth jwt;
  private final JwtSettings settings;
  private final boolean canSign;

  private AccessTokens(JWTAuth jwt, JwtSettings settings, boolean canSign) {
    this.jwt = jwt;
    this.settings = settings;
    this.canSign = canSign;
  }

  public static AccessTokens create(Vertx vertx, JwtSettings settings) {
    String algorithm = settings.algorithm().name();
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions()
        .setAlgorithm(algorithm)
        .setIssuer(settings.issuer())
        .setAudience(List.of(settings.audience()))
        .setLeeway(settings.leewaySeconds())
        .setExpiresInSeconds(settings.accessTtlSeconds()));
    boolean canSign;
    if (settings.algorithm() == JwtAlgorithm.HS256) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(settings.secret().value()));
      canSign = true;
    } else {
      settings.publicKeyPem().ifPresent(pem ->
          options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem)));
      settings.privateKeyPem().ifPresent(pem ->
          options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem.value())));
      canSign = settings.privateKeyPem().isPresent();
    }
    return new AccessTokens(JWTAuth.create(vertx, options), settings, canSign);
  }

  public int ttlSeconds() {
    return settings.accessTtlSeconds();
  }

  /** A signed token for this user; throws when this JVM holds only a public key. */
  public String issue(String userId, Set<String> roles) {
    if (!canSign) {
      throw new IllegalStateException("this JVM has no key to sign tokens (jwt.private-key-file)");
    }
    JsonObject claims = new JsonObject()
        .put("jti", UUID.randomUUID().toString())
        .put("roles", new JsonArray(roles.stream().sorted().toList()));
    return jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm(settings.algorithm().name())
        .setSubject(userId)
        .setIssuer(settings.issuer())
        .setAudience(List.of(settings.audience()))
        .setExpiresInSeconds(settings.accessTtlSeconds()));
  }

  /** The identity in a valid token; any other token fails with UNAUTHORIZED. */
  public Future<Identity> verify(String token) {
    if (token == null || !algorithmIsPinned(token)) {
      return unauthorized();
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> unauthorized())
        .compose(user -> {
          // The principal drops exp and iat; the verified claims are kept whole in this attribute.
          JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
          if (!REQUIRED_CLAIMS.stream().allMatch(claims::containsKey)
              || !(claims.getValue("roles") instanceof JsonArray roleArray)) {
            return unauthorized();
          }
          Set<String> roles = new HashSet<>();
          for (Object role : roleArray) {
            if (role instanceof String r) {
              roles.add(r);
            }
          }
          Object exp = claims.getValue("exp");
          if (!(exp instanceof Number expiry) || !(claims.getValue("sub") instanceof String subject)) {
            return unauthorized();
          }
          return Future.succeededFuture(new Identity(subject, roles, String.valueOf(claims.getValue("jti")),
              Instant.ofEpochSecond(expiry.longValue())));
        });
  }

  private boolean algorithmIsPinned(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || token.length() > 8_192) {
      return false;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
          StandardCharsets.UTF_8));
      return settings.algorithm().name().equals(header.getValue("alg"));
    } catch (IllegalArgumentException | DecodeException | ClassCastException malformed) {
      return false;
    }
  }

  private static <T> Future<T> unauthorized() {
    return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHORIZED, "a valid access token is required")
        .toException());
  }
}
