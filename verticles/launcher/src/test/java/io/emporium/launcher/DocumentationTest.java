package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ProductAction;
import io.emporium.contract.UserAction;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration page and the contract document must not drift from the code they describe (the links,
 * names and dependencies of every page are checked by the tests module's DocumentationTest).
 */
class DocumentationTest {
  private static final Path ROOT = Path.of("../..");

  @Test
  void configurationTableListsEveryConfigurationKeyWithItsVariableAndDefault() throws IOException {
    List<String> rows = Files.readAllLines(ROOT.resolve("docs/configuration.md")).stream().filter(l -> l.startsWith("| `")).toList();
    JsonObject defaults = TestConfigs.defaults();
    for (ConfigKey key : ConfigKey.values()) {
      String value = String.valueOf(defaults.getValue(key.key()));
      String shown = value.isEmpty() ? "(empty)" : "`" + value + "`";
      assertThat(rows).as("docs/configuration.md row for " + key.key())
          .anyMatch(row -> row.startsWith("| `" + key.key() + "` | `" + key.envName() + "` | " + shown + " |"));
    }
  }

  @Test
  void contractDocumentNamesEveryActionAndErrorCode() throws IOException {
    String contract = Files.readString(ROOT.resolve("verticles/contract/EVENT-BUS-CONTRACT.md"));
    Stream.of(Stream.of(ProductAction.values()).map(ProductAction::wireName),
            Stream.of(UserAction.values()).map(UserAction::wireName),
            Stream.of(io.emporium.contract.OrderAction.values()).map(a -> a.wireName()))
        .flatMap(s -> s)
        .forEach(action -> assertThat(contract).contains("`" + action + "`"));
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(contract).contains("| `" + code.name() + "` | " + code.failureCode() + " |");
    }
  }
}
