package io.emporium.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.UserAction;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** user.profile.get, user.profile.update and user.password.change. */
class ProfileActionTest extends ServiceTestBase {

  private Future<JsonObject> update(JsonObject login, JsonObject body) {
    return bus.call(UserAction.PROFILE_UPDATE, body, userId(login), "user");
  }

  private Future<JsonObject> profile(JsonObject login) {
    return bus.call(UserAction.PROFILE_GET, new JsonObject(), userId(login), "user");
  }

  @Test
  void profileIsThePublicUserWithPreferences(VertxTestContext ctx) {
    bus.signedIn(unique("me"))
        .compose(this::profile)
        .onComplete(ctx.succeeding(profile -> ctx.verify(() -> {
          assertThat(profile.fieldNames()).containsExactlyInAnyOrder("id", "email", "name", "roles", "status",
              "createdAt", "updatedAt", "preferences");
          assertThat(profile.getJsonObject("preferences")).isEqualTo(new JsonObject());
          ctx.completeNow();
        })));
  }

  @Test
  void profileWithoutACallerIsUnauthorized(VertxTestContext ctx) {
    expectError(ctx, bus.call(UserAction.PROFILE_GET, new JsonObject()), ErrorCode.UNAUTHORIZED, null);
  }

  @Test
  void profileOfACallerWhoIsNoLongerActiveIsUnauthorized(VertxTestContext ctx) {
    expectError(ctx, bus.call(UserAction.PROFILE_GET, new JsonObject(), java.util.UUID.randomUUID().toString(), "user"),
        ErrorCode.UNAUTHORIZED, null);
  }

  @Test
  void updateChangesNameAndPreferences(VertxTestContext ctx) {
    JsonObject preferences = new JsonObject().put("theme", "dark").put("currency", "EUR")
        .put("notify", new JsonObject().put("email", true).put("tags", new JsonArray().add("sales")));
    bus.signedIn(unique("prefs"))
        .compose(login -> update(login, new JsonObject().put("name", " Ada K. ").put("preferences", preferences))
            .compose(updated -> profile(login).map(fetched -> List.of(updated, fetched))))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(0)).isEqualTo(pair.get(1));
          assertThat(pair.get(1).getString("name")).isEqualTo("Ada K.");
          assertThat(pair.get(1).getJsonObject("preferences")).isEqualTo(preferences);
          ctx.completeNow();
        })));
  }

  static Stream<Arguments> refusedUpdates() {
    return Stream.of(
        Arguments.of(new JsonObject().put("role", "admin"), "role"),
        Arguments.of(new JsonObject().put("roles", new JsonArray().add("admin")), "roles"),
        Arguments.of(new JsonObject().put("id", "5f0c3e2a-0000-4000-8000-000000000000"), "id"),
        Arguments.of(new JsonObject().put("createdAt", "2020-01-01T00:00:00Z"), "createdAt"),
        Arguments.of(new JsonObject().put("updatedAt", "2020-01-01T00:00:00Z"), "updatedAt"),
        Arguments.of(new JsonObject().put("status", "active"), "status"),
        Arguments.of(new JsonObject().put("password", "a brand new password"), "password"),
        Arguments.of(new JsonObject().put("name", "ok").put("favouriteColour", "blue"), "favouriteColour"),
        Arguments.of(new JsonObject().put("name", 12), "name"),
        Arguments.of(new JsonObject().put("name", "x".repeat(101)), "name"),
        Arguments.of(new JsonObject().put("name", "tab\there"), "name"),
        Arguments.of(new JsonObject().put("preferences", "dark"), "preferences"),
        Arguments.of(new JsonObject().put("preferences", new JsonArray()), "preferences"),
        Arguments.of(new JsonObject().putNull("preferences"), "preferences"),
        Arguments.of(new JsonObject().put("preferences", new JsonObject().put("a", new JsonObject().put("b",
            new JsonObject().put("c", new JsonObject().put("d", new JsonObject().put("e", 1)))))), "preferences"),
        Arguments.of(new JsonObject().put("preferences", new JsonObject().put("blob", "x".repeat(5_000))), "preferences"),
        Arguments.of(new JsonObject().put("email", "other@example.org"), "currentPassword"),
        Arguments.of(new JsonObject().put("email", "not an email").put("currentPassword", UserBus.PASSWORD), "email"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("refusedUpdates")
  void refusedUpdatesNameTheFieldAndChangeNothing(JsonObject body, String field, VertxTestContext ctx) {
    bus.signedIn(unique("refused"))
        .compose(login -> profile(login).compose(before -> failure(update(login, body))
            .compose(error -> profile(login).map(after -> List.of(before, error, after)))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          ServiceError error = (ServiceError) list.get(1);
          assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(error.field()).isEqualTo(field);
          assertThat(list.get(2)).isEqualTo(list.get(0));
          ctx.completeNow();
        })));
  }

  @Test
  void emailChangeWithTheCurrentPasswordChangesItAndAnnouncesIt(VertxTestContext ctx) {
    bus.signedIn(unique("mover"))
        .compose(login -> update(login, new JsonObject().put("email", "Moved@Example.org")
            .put("currentPassword", UserBus.PASSWORD)))
        .compose(updated -> bus.login("moved@example.org", UserBus.PASSWORD).map(updated))
        .compose(updated -> audit(AuditAction.EMAIL_CHANGE).map(page -> List.of(updated, page)))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(((JsonObject) pair.get(0)).getString("email")).isEqualTo("moved@example.org");
          assertThat(((Page<?>) pair.get(1)).total()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void emailChangeWithAWrongPasswordIsRefusedAndCountsTowardsTheLockout(VertxTestContext ctx) {
    bus.signedIn(unique("guess"))
        .compose(login -> failure(update(login, new JsonObject().put("email", "x1@example.org")
                .put("currentPassword", "wrong guess number 1")))
            .compose(first -> failure(update(login, new JsonObject().put("email", "x2@example.org")
                .put("currentPassword", "wrong guess number 2"))))
            .compose(second -> failure(update(login, new JsonObject().put("email", "x3@example.org")
                .put("currentPassword", "wrong guess number 3"))))
            .compose(third -> failure(update(login, new JsonObject().put("email", "x4@example.org")
                .put("currentPassword", UserBus.PASSWORD))).map(locked -> List.of(third, locked))))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(0)).extracting(ServiceError::code, ServiceError::field)
              .containsExactly(ErrorCode.VALIDATION, "currentPassword");
          assertThat(pair.get(1).code()).isEqualTo(ErrorCode.RATE_LIMITED);
          ctx.completeNow();
        })));
  }

  @Test
  void emailChangeToATakenEmailIsAConflict(VertxTestContext ctx) {
    String taken = unique("taken");
    expectError(ctx, bus.register(taken, UserBus.PASSWORD, "T")
        .compose(v -> bus.signedIn(unique("wants")))
        .compose(login -> update(login, new JsonObject().put("email", taken.toUpperCase())
            .put("currentPassword", UserBus.PASSWORD))), ErrorCode.CONFLICT, "email");
  }

  @Test
  void passwordChangeRevokesOtherSessionsKeepsTheCurrentOneAndReplacesThePassword(VertxTestContext ctx) {
    String email = unique("changer");
    String next = "an entirely different passphrase";
    bus.signedIn(email)
        .compose(current -> bus.login(email, UserBus.PASSWORD).compose(other -> bus.call(UserAction.PASSWORD_CHANGE,
                new JsonObject().put("currentPassword", UserBus.PASSWORD).put("newPassword", next)
                    .put("refreshToken", current.getString("refreshToken")), userId(current), "user")
            .compose(reply -> Future.all(
                    bus.call(UserAction.REFRESH, new JsonObject().put("refreshToken", current.getString("refreshToken"))),
                    failure(bus.call(UserAction.REFRESH, new JsonObject().put("refreshToken",
                        other.getString("refreshToken")))),
                    failure(bus.login(email, UserBus.PASSWORD)),
                    bus.login(email, next))
                .map(all -> List.<Object>of(reply, all.resultAt(1), all.resultAt(2))))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(list.get(0)).isEqualTo(new JsonObject().put("revokedSessions", 1).put("currentSessionKept", true));
          assertThat(((ServiceError) list.get(1)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          assertThat(((ServiceError) list.get(2)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          ctx.completeNow();
        })));
  }

  @Test
  void passwordChangeWithoutTheRefreshTokenRevokesEverySession(VertxTestContext ctx) {
    String email = unique("all");
    bus.signedIn(email)
        .compose(login -> bus.call(UserAction.PASSWORD_CHANGE, new JsonObject().put("currentPassword", UserBus.PASSWORD)
                .put("newPassword", "an entirely different passphrase"), userId(login), "user")
            .compose(reply -> failure(bus.call(UserAction.REFRESH, new JsonObject().put("refreshToken",
                login.getString("refreshToken")))).map(error -> List.of(reply, error))))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(0)).isEqualTo(new JsonObject().put("revokedSessions", 1)
              .put("currentSessionKept", false));
          assertThat(((ServiceError) pair.get(1)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          ctx.completeNow();
        })));
  }

  @Test
  void passwordChangeChecksTheCurrentPasswordAndThePolicy(VertxTestContext ctx) {
    bus.signedIn(unique("policy"))
        .compose(login -> Future.all(List.of(
            failure(bus.call(UserAction.PASSWORD_CHANGE, new JsonObject().put("currentPassword", "not my password at all")
                .put("newPassword", "an entirely different passphrase"), userId(login), "user")),
            failure(bus.call(UserAction.PASSWORD_CHANGE, new JsonObject().put("currentPassword", UserBus.PASSWORD)
                .put("newPassword", "short"), userId(login), "user")),
            failure(bus.call(UserAction.PASSWORD_CHANGE, new JsonObject().put("currentPassword", UserBus.PASSWORD)
                .put("newPassword", "qazwsxedcrfv"), userId(login), "user")),
            failure(bus.call(UserAction.PASSWORD_CHANGE, new JsonObject().put("currentPassword", UserBus.PASSWORD),
                userId(login), "user")),
            failure(bus.call(UserAction.PASSWORD_CHANGE, new JsonObject().put("currentPassword", UserBus.PASSWORD)
                .put("newPassword", 123456789012L), userId(login), "user")),
            failure(bus.call(UserAction.PASSWORD_CHANGE, new JsonObject().put("currentPassword", UserBus.PASSWORD)
                .put("newPassword", "an entirely different passphrase"), Optional.empty(), Set.of())))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<ServiceError>resultAt(0).field()).isEqualTo("currentPassword");
          assertThat(all.<ServiceError>resultAt(1).field()).isEqualTo("newPassword");
          assertThat(all.<ServiceError>resultAt(2).field()).isEqualTo("newPassword");
          assertThat(all.<ServiceError>resultAt(3).field()).isEqualTo("newPassword");
          assertThat(all.<ServiceError>resultAt(4).field()).isEqualTo("newPassword");
          assertThat(all.<ServiceError>resultAt(5).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          ctx.completeNow();
        })));
  }
}
