package io.emporium.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  @Test
  void readsDefaultsFromTheClasspath(Vertx vertx, VertxTestContext test) {
    ConfigLoader.load(vertx, Map.of(), Map.of()).onComplete(test.succeeding(config -> test.verify(() -> {
      assertThat(config.http().port()).isEqualTo(8080);
      assertThat(config.store().kind()).isEqualTo(EmporiumConfig.StoreKind.MEMORY);
      test.completeNow();
    })));
  }

  @Test
  void configFileOverridesDefaultsAndCommandLineOverridesFile(Vertx vertx, VertxTestContext test, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("emporium.json");
    Files.writeString(file, "{\"http.port\": 9191, \"pg.pool-size\": 3}");
    ConfigLoader.load(vertx, Map.of("config", file.toString(), "http.port", "9292"), Map.of())
        .onComplete(test.succeeding(config -> test.verify(() -> {
          assertThat(config.http().port()).isEqualTo(9292);
          test.completeNow();
        })));
  }

  @Test
  void configFileNamedByEnvironmentIsRead(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("custom.json");
    Files.writeString(file, "{\"http.port\": 9393}");
    ConfigLoader.load(vertx, Map.of(), Map.of(ConfigLoader.CONFIG_FILE_ENV, file.toString()))
        .onComplete(test.succeeding(config -> test.verify(() -> {
          assertThat(config.http().port()).isEqualTo(9393);
          test.completeNow();
        })));
  }

  @Test
  void missingConfigFileIsAClearError(Vertx vertx, VertxTestContext test) {
    ConfigLoader.load(vertx, Map.of("config", "/nonexistent/emporium.json"), Map.of())
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining("/nonexistent/emporium.json");
          test.completeNow();
        })));
  }

  @Test
  void invalidValueInFileFailsWithTheKeyNamed(Vertx vertx, VertxTestContext test, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"store\": \"cassandra\"}");
    ConfigLoader.load(vertx, Map.of("config", file.toString()), Map.of())
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining("store (EMPORIUM_STORE)");
          test.completeNow();
        })));
  }
}
