package io.emporium.gateway.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExactJsonTest {

  @Test
  void aNumberWithAFractionKeepsItsDecimalText() {
    JsonObject body = (JsonObject) ExactJson.decode(Buffer.buffer(
        "{\"a\": 49.9, \"b\": 49.900000000000001, \"c\": 0.30000000000000004, \"d\": 1.5e1}"));

    assertThat(body.getValue("a")).isEqualTo(new BigDecimal("49.9"));
    assertThat(body.getValue("b")).isEqualTo(new BigDecimal("49.900000000000001"));
    assertThat(body.getValue("c")).isEqualTo(new BigDecimal("0.30000000000000004"));
    assertThat(body.getValue("d")).isEqualTo(new BigDecimal("1.5e1"));
    assertThat((Object) Json.decodeValue("49.900000000000001")).as("what Vert.x's decoder gives").isEqualTo(49.9);
  }

  @Test
  void everythingElseIsWhatVertxDecodes() {
    String text = "{\"s\": \"x\", \"i\": 7, \"l\": 12345678901, \"big\": 123456789012345678901234567890,"
        + " \"t\": true, \"f\": false, \"n\": null, \"a\": [1, {\"o\": []}], \"dup\": 1, \"dup\": 2}";

    assertThat(ExactJson.decode(Buffer.buffer(text))).isEqualTo(Json.decodeValue(text));
    assertThat(ExactJson.decode(Buffer.buffer("[1, \"two\"]"))).isEqualTo(new JsonArray().add(1).add("two"));
  }

  @Test
  void malformedJsonIsADecodeException() {
    for (String bad : new String[] {"{\"a\": }", "{} {}", "", "[1,"}) {
      assertThatThrownBy(() -> ExactJson.decode(Buffer.buffer(bad))).as(bad).isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void aPriceGoesOnAsItsExactTextAndAnAbsurdOneIsNeverExpanded() {
    assertThat(PriceAmounts.text(new BigDecimal("49.90"))).isEqualTo("49.9");
    assertThat(PriceAmounts.text(new BigDecimal("49.900000000000001"))).isEqualTo("49.900000000000001");
    assertThat(PriceAmounts.text(new BigDecimal("1e2"))).isEqualTo("100");
    assertThat(PriceAmounts.text(7)).isEqualTo("7");
    assertThat(PriceAmounts.text(new BigDecimal("-1.5"))).isEqualTo("-1.5");
    assertThat(PriceAmounts.text(new BigDecimal("1e999999999"))).isEqualTo("1E+999999999");
    assertThat(PriceAmounts.text(new BigDecimal("1e-999999999"))).isEqualTo("1E-999999999");
    assertThat(PriceAmounts.isPriceField("items[12].price.amount")).isTrue();
    assertThat(PriceAmounts.isPriceField("attributes.price")).isFalse();
  }
}
