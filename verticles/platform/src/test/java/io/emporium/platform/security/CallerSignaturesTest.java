package io.emporium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Headers;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallerSignaturesTest {
  private static final byte[] SECRET = "cluster-secret-for-the-unit-test-0123456789".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-26T01:00:00Z");
  private static final String ACTION = "product.admin.create";

  private static CallerSignatures at(Instant instant) {
    return new CallerSignatures(SECRET, 30_000, Clock.fixed(instant, ZoneOffset.UTC));
  }

  private static MultiMap signed(String callerId, List<String> roles) {
    return at(NOW).sign(new DeliveryOptions(), ACTION, callerId, roles).getHeaders();
  }

  @Test
  void aSignedCallerIsAcceptedWhateverTheOrderOfItsRoles() {
    MultiMap headers = signed("u-1", List.of("user", "admin"));

    assertThat(headers.get(Headers.CALLER_ROLES)).isEqualTo("admin,user");
    assertThat(at(NOW.plusSeconds(29)).refusal(ACTION, headers)).isEmpty();
    headers.set(Headers.CALLER_ROLES, "user, admin");
    assertThat(at(NOW).refusal(ACTION, headers)).isEmpty();
  }

  @Test
  void noCallerNeedsNoSignature() {
    assertThat(at(NOW).refusal(ACTION, MultiMap.caseInsensitiveMultiMap())).isEmpty();
  }

  @Test
  void callerHeadersWithoutASignatureAreRefused() {
    MultiMap unsigned = MultiMap.caseInsensitiveMultiMap().add(Headers.CALLER_ID, "u-1")
        .add(Headers.CALLER_ROLES, "admin");
    MultiMap rolesOnly = MultiMap.caseInsensitiveMultiMap().add(Headers.CALLER_ROLES, "admin");

    assertThat(at(NOW).refusal(ACTION, unsigned)).contains("caller headers without a complete signature");
    assertThat(at(NOW).refusal(ACTION, rolesOnly)).isPresent();
  }

  @Test
  void anyChangeToTheSignedHeadersIsRefused() {
    MultiMap promoted = signed("u-1", List.of("user"));
    promoted.set(Headers.CALLER_ROLES, "admin,user");
    MultiMap impersonated = signed("u-1", List.of("admin"));
    impersonated.set(Headers.CALLER_ID, "u-2");
    MultiMap extended = signed("u-1", List.of("admin"));
    extended.set(Headers.CALLER_EXPIRES, Long.toString(NOW.plusSeconds(60).toEpochMilli()));

    for (MultiMap forged : List.of(promoted, impersonated, extended)) {
      assertThat(at(NOW).refusal(ACTION, forged)).as(forged.toString()).contains("signature does not match");
    }
    assertThat(at(NOW).refusal("product.admin.delete", signed("u-1", List.of("admin"))))
        .as("replayed on another action").contains("signature does not match");
  }

  @Test
  void anotherSecretAnExpiredOrAFarFutureSignatureIsRefused() {
    MultiMap headers = signed("u-1", List.of("admin"));
    CallerSignatures otherCluster = new CallerSignatures("another-secret-entirely-0123456789abcdef"
        .getBytes(StandardCharsets.UTF_8), 30_000, Clock.fixed(NOW, ZoneOffset.UTC));
    MultiMap farAhead = new CallerSignatures(SECRET, 3_600_000, Clock.fixed(NOW, ZoneOffset.UTC))
        .sign(new DeliveryOptions(), ACTION, "u-1", List.of("admin")).getHeaders();
    MultiMap malformed = signed("u-1", List.of("admin"));
    malformed.set(Headers.CALLER_EXPIRES, "soon");

    assertThat(otherCluster.refusal(ACTION, headers)).contains("signature does not match");
    assertThat(at(NOW.plusSeconds(31)).refusal(ACTION, headers)).map(r -> r.startsWith("signature expired"))
        .contains(true);
    assertThat(at(NOW).refusal(ACTION, farAhead)).contains("signature expiry too far ahead");
    assertThat(at(NOW).refusal(ACTION, malformed)).isEqualTo(Optional.of("malformed signature expiry"));
  }
}
