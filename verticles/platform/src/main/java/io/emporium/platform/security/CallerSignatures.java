package io.emporium.platform.security;

import io.emporium.contract.Headers;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.EmporiumConfig.Secret;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The caller's identity on the bus, signed: a gateway that verified a token signs the caller id, the
 * roles, the action and an expiry with the cluster secret (HMAC-SHA256); a service accepts caller
 * headers only with a valid, unexpired signature. A process on the bus without the secret therefore
 * cannot claim to be anyone, and a signature seen once is good only for that caller, action and
 * roles, for a few seconds.
 */
public final class CallerSignatures {
  /** Expiries further ahead than the lifetime plus this are refused too (clocks of the cluster may differ). */
  static final long CLOCK_SKEW_MS = 60_000;
  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "emporium-caller-v1";

  private final SecretKeySpec key;
  private final long ttlMs;
  private final Clock clock;
  private final ThreadLocal<Mac> macs;

  CallerSignatures(byte[] secret, long ttlMs, Clock clock) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.ttlMs = ttlMs;
    this.clock = clock;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** With this JVM's cluster secret and signature lifetime. */
  public static CallerSignatures from(EmporiumConfig config) {
    return of(config.cluster().secret(), config.cluster().identityTtlSeconds());
  }

  /** With the cluster secret ({@code cluster.secret}) and signature lifetime ({@code cluster.identity-ttl-seconds}). */
  public static CallerSignatures of(Secret secret, int ttlSeconds) {
    return new CallerSignatures(secret.value().getBytes(StandardCharsets.UTF_8), ttlSeconds * 1000L, Clock.systemUTC());
  }

  /** Adds the caller headers and their signature for one request of {@code action}. */
  public DeliveryOptions sign(DeliveryOptions options, String action, String callerId, Collection<String> roles) {
    String canonicalRoles = canonical(roles);
    long expires = clock.millis() + ttlMs;
    options.addHeader(Headers.CALLER_ID, callerId);
    if (!canonicalRoles.isEmpty()) {
      options.addHeader(Headers.CALLER_ROLES, canonicalRoles);
    }
    options.addHeader(Headers.CALLER_EXPIRES, Long.toString(expires));
    options.addHeader(Headers.CALLER_SIGNATURE, mac(action, callerId, canonicalRoles, expires));
    return options;
  }

  /**
   * Empty when the headers carry no caller or a caller signed by this cluster; otherwise why the
   * identity is refused (the message must then be refused as a whole).
   */
  public Optional<String> refusal(String action, MultiMap headers) {
    String callerId = headers.get(Headers.CALLER_ID);
    String roles = headers.get(Headers.CALLER_ROLES);
    if (callerId == null && roles == null) {
      return Optional.empty();
    }
    String expiresText = headers.get(Headers.CALLER_EXPIRES);
    String signature = headers.get(Headers.CALLER_SIGNATURE);
    if (callerId == null || expiresText == null || signature == null) {
      return Optional.of("caller headers without a complete signature");
    }
    long expires;
    try {
      expires = Long.parseLong(expiresText);
    } catch (NumberFormatException e) {
      return Optional.of("malformed signature expiry");
    }
    long now = clock.millis();
    if (expires < now) {
      return Optional.of("signature expired " + (now - expires) + " ms ago");
    }
    if (expires > now + ttlMs + CLOCK_SKEW_MS) {
      return Optional.of("signature expiry too far ahead");
    }
    String canonicalRoles = roles == null ? "" : canonical(Arrays.asList(roles.split(",")));
    byte[] expected = mac(action, callerId, canonicalRoles, expires).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("signature does not match");
    }
    return Optional.empty();
  }

  /** Sorted, trimmed, without empties: the signer's set and the receiver's header text agree. */
  static String canonical(Collection<String> roles) {
    return roles.stream().map(String::trim).filter(r -> !r.isEmpty()).sorted().distinct()
        .collect(Collectors.joining(","));
  }

  private String mac(String action, String callerId, String roles, long expires) {
    String signed = VERSION + "\n" + action + "\n" + callerId + "\n" + roles + "\n" + expires;
    byte[] digest = macs.get().doFinal(signed.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
