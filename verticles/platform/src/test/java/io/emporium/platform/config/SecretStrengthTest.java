package io.emporium.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretStrengthTest {
  private static final Path ROOT = Path.of("../..");
  private static final Pattern SHIPPED_SECRET =
      Pattern.compile("(?m)^\\s*(EMPORIUM_(?:JWT|CLUSTER)_SECRET)\\s*[:=]\\s*(\\S+)\\s*$");

  @Test
  void everySecretTheExamplesShipIsRefusedAsAPlaceholder() throws Exception {
    int found = 0;
    for (Path example : List.of(ROOT.resolve("docker/k8s/secret.example.yaml"), ROOT.resolve("docker/.env.example"))) {
      Matcher m = SHIPPED_SECRET.matcher(Files.readString(example));
      while (m.find()) {
        found++;
        assertThat(SecretStrength.placeholder(m.group(2))).as("%s in %s", m.group(1), example)
            .hasValueSatisfying(why -> assertThat(why).startsWith("is a placeholder").doesNotContain(m.group(2)));
        assertThat(SecretStrength.problem(m.group(2))).as("%s in %s", m.group(1), example).isPresent();
      }
    }
    assertThat(found).as("JWT and cluster secrets in both example files").isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "with-at-least-32-random-characters-for-this-one",
      "my-super-secret-jwt-key-for-production-2024",
      "emporium-production-jwt-secret-key-2025",
      "thisisaverylongsecretthatnobodywillguess",
      "please-keep-this-secret-in-production!!",
      "ssssssssssssssssssssssssssssssss",
      "abcdefghijklmnopqrstuvwxyz0123456789",
      "0123456789012345678901234567890123456789",
      "mysecretmysecretmysecretmysecret",
      "Emporium2024!Emporium2024!Emporium2024!"})
  void madeUpSecretsAreRefusedForTooLittleEntropy(String secret) {
    assertThat(SecretStrength.estimatedBits(secret)).isLessThan(SecretStrength.MIN_BITS);
    assertThat(SecretStrength.problem(secret)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("is too easy to guess").contains("openssl rand").doesNotContain(secret));
  }

  @Test
  void randomSecretsAsTheReadmeAndOpensslMakeThemAreAccepted() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 2_000; i++) {
      byte[] sixteen = new byte[16];
      random.nextBytes(sixteen);
      byte[] fortyEight = new byte[48];
      random.nextBytes(fortyEight);
      // openssl rand -hex 16 (128 bits, the least a real secret has), and head -c 48 /dev/urandom | base64
      for (String secret : List.of(HexFormat.of().formatHex(sixteen), Base64.getEncoder().encodeToString(fortyEight),
          "jwt-" + UUID.randomUUID())) {
        assertThat(SecretStrength.problem(secret)).as(secret).isEmpty();
      }
    }
  }
}
