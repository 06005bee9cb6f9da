package io.emporium.user;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.UserAction;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.User;
import io.emporium.user.store.UserQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegisterActionTest extends ServiceTestBase {

  @Test
  void registerAnswersThePublicUserAndStoresAnArgon2idHash(VertxTestContext ctx) {
    bus.register("  Grace.Hopper@Example.ORG ", UserBus.PASSWORD, "  Grace Hopper ")
        .compose(reply -> bus.repository().findByEmail("grace.hopper@example.org").map(stored -> List.of(reply,
            stored.orElseThrow())))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          JsonObject reply = (JsonObject) pair.get(0);
          User stored = (User) pair.get(1);
          assertThat(reply.fieldNames()).containsExactlyInAnyOrder("id", "email", "name", "roles", "status",
              "createdAt", "updatedAt");
          assertThat(reply.getString("email")).isEqualTo("grace.hopper@example.org");
          assertThat(reply.getString("name")).isEqualTo("Grace Hopper");
          assertThat(reply.getJsonArray("roles")).containsExactly("user");
          assertThat(reply.getString("status")).isEqualTo("active");
          assertThat(stored.passwordHash()).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
          assertThat(reply.encode()).doesNotContain(stored.passwordHash()).doesNotContain("argon2");
          ctx.completeNow();
        })));
  }

  @Test
  void registerWritesItsAuditEntryAndTheRegisteredEvent(VertxTestContext ctx) {
    bus.register(unique("audited"), UserBus.PASSWORD, "Audited")
        .compose(user -> audit(AuditAction.REGISTER).map(page -> {
          ctx.verify(() -> {
            AuditEntry<AuditAction> entry = page.items().get(0).entry();
            assertThat(entry.targetId().orElseThrow().toString()).isEqualTo(user.getString("id"));
            assertThat(entry.clientIp()).contains("198.51.100.23");
            assertThat(entry.userAgent()).contains("UserBus/1.0");
            assertThat(entry.requestId()).contains("test-request");
          });
          return user;
        }))
        .compose(user -> io.emporium.platform.outbox.Polling.until(bus.vertx, () -> bus.repository().outbox().stats(),
            s -> s.delivered() >= 1, 5_000))
        .onComplete(ctx.succeeding(stats -> ctx.completeNow()));
  }

  @Test
  void anEmailTakenInAnotherCaseIsAConflictOnEmail(VertxTestContext ctx) {
    expectError(ctx, bus.register("Taken@Example.org", UserBus.PASSWORD, "First")
        .compose(first -> bus.register("TAKEN@example.ORG", UserBus.PASSWORD, "Second")), ErrorCode.CONFLICT, "email");
  }

  @Test
  void concurrentRegistrationsOfOneEmailLetExactlyOneWin(VertxTestContext ctx) {
    List<Future<JsonObject>> attempts = IntStream.range(0, 16)
        .mapToObj(i -> bus.register(i % 2 == 0 ? "race@example.org" : "RACE@Example.org", UserBus.PASSWORD, "R" + i))
        .toList();
    Future.join(attempts)
        .transform(done -> bus.repository().list(new UserQuery(1, 100, Optional.empty(), Optional.empty())))
        .onComplete(ctx.succeeding(users -> ctx.verify(() -> {
          assertThat(attempts).filteredOn(Future::succeeded).hasSize(1);
          assertThat(attempts).filteredOn(Future::failed).allSatisfy(f ->
              assertThat(ServiceError.from(f.cause()).code()).isEqualTo(ErrorCode.CONFLICT));
          // The bootstrap admin and the one winner.
          assertThat(users.total()).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  static Stream<Arguments> badRegistrations() {
    JsonObject good = new JsonObject().put("email", "new@example.org").put("password", UserBus.PASSWORD)
        .put("name", "New");
    return Stream.of(
        Arguments.of("missing email", copyWithout(good, "email"), "email"),
        Arguments.of("missing password", copyWithout(good, "password"), "password"),
        Arguments.of("missing name", copyWithout(good, "name"), "name"),
        Arguments.of("email as a number", good.copy().put("email", 42), "email"),
        Arguments.of("password as an array", good.copy().put("password", new io.vertx.core.json.JsonArray()), "password"),
        Arguments.of("name as an object", good.copy().put("name", new JsonObject()), "name"),
        Arguments.of("name null", good.copy().putNull("name"), "name"),
        Arguments.of("extra field role", good.copy().put("role", "admin"), "role"),
        Arguments.of("extra field roles", good.copy().put("roles", new io.vertx.core.json.JsonArray().add("admin")),
            "roles"),
        Arguments.of("extra unknown field", good.copy().put("nickname", "x"), "nickname"),
        Arguments.of("email without @", good.copy().put("email", "not-an-email"), "email"),
        Arguments.of("email with two @", good.copy().put("email", "a@b@example.org"), "email"),
        Arguments.of("email without a dot in the domain", good.copy().put("email", "a@localhost"), "email"),
        Arguments.of("email with a space", good.copy().put("email", "a b@example.org"), "email"),
        Arguments.of("email with consecutive dots", good.copy().put("email", "a..b@example.org"), "email"),
        Arguments.of("email of 255 characters", good.copy().put("email", "a".repeat(60) + "@" + "b".repeat(190)
            + ".org"), "email"),
        Arguments.of("email of 2000 characters", good.copy().put("email", "a".repeat(2000) + "@example.org"), "email"),
        Arguments.of("blank name", good.copy().put("name", "   "), "name"),
        Arguments.of("name of 101 characters", good.copy().put("name", "n".repeat(101)), "name"),
        Arguments.of("name with a newline", good.copy().put("name", "Ada\nLovelace"), "name"),
        Arguments.of("name with a NUL", good.copy().put("name", "Ada\u0000"), "name"),
        Arguments.of("name with a bidi override", good.copy().put("name", "Ada\u202Eecalevol"), "name"),
        Arguments.of("password of 11 characters", good.copy().put("password", "elevenchars"), "password"),
        Arguments.of("password of 129 characters", good.copy().put("password", "p".repeat(64) + "q".repeat(65)),
            "password"),
        Arguments.of("a common password", good.copy().put("password", "qazwsxedcrfv"), "password"),
        Arguments.of("a padded common password", good.copy().put("password", "sunshine2024!!"), "password"),
        Arguments.of("the email as password", good.copy().put("password", "new@example.org"), "password"));
  }

  private static JsonObject copyWithout(JsonObject json, String field) {
    JsonObject copy = json.copy();
    copy.remove(field);
    return copy;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRegistrations")
  void badRegistrationIsAValidationErrorNamingTheFieldAndStoresNothing(String why, JsonObject body, String field,
      VertxTestContext ctx) {
    failure(bus.call(UserAction.REGISTER, body))
        .compose(error -> bus.repository().list(new UserQuery(1, 10, Optional.empty(), Optional.empty()))
            .map(users -> List.of(error, users)))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          ServiceError error = (ServiceError) pair.get(0);
          assertThat(error.code()).as(why).isEqualTo(ErrorCode.VALIDATION);
          assertThat(error.field()).as(why).isEqualTo(field);
          assertThat(((Page<?>) pair.get(1)).total()).as("only the bootstrap admin").isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsAValidationError(VertxTestContext ctx) {
    expectError(ctx, bus.call(UserAction.REGISTER, "just a string", Optional.empty(), Set.of()), ErrorCode.VALIDATION,
        "body");
  }
}
