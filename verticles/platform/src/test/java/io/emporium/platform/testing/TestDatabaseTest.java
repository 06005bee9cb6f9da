package io.emporium.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.EmporiumConfig.PgSettings;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

  @Test
  void urlIsParsedIntoEverySetting() {
    PgSettings settings = TestDatabase.settings("postgresql://tester:s3cret@db.local:5433/shop_test");

    assertThat(settings.host()).isEqualTo("db.local");
    assertThat(settings.port()).isEqualTo(5433);
    assertThat(settings.database()).isEqualTo("shop_test");
    assertThat(settings.user()).isEqualTo("tester");
    assertThat(settings.password().value()).isEqualTo("s3cret");
    assertThat(settings.poolSize()).isEqualTo(4);
    assertThat(settings.timeoutMs()).isEqualTo(5_000);
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/shop_test");
  }

  @Test
  void defaultUrlPointsAtTheLocalTestDatabase() {
    PgSettings settings = TestDatabase.settings(TestDatabase.DEFAULT_URL);

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(5432);
    assertThat(settings.database()).isEqualTo("emporium_test");
    assertThat(settings.user()).isEqualTo("postgres");
  }
}
