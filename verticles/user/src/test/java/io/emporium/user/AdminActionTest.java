package io.emporium.user;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.UserAction;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.outbox.Polling;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin actions, their role checks and their bad inputs. */
class AdminActionTest extends ServiceTestBase {
  private Future<JsonObject> asAdmin(UserAction action, JsonObject body) {
    return bus.admin().compose(admin -> bus.call(action, body, userId(admin), "admin", "user"));
  }

  @ParameterizedTest
  @EnumSource(value = UserAction.class, names = {"ADMIN_LIST", "ADMIN_SET_ROLE", "ADMIN_SET_STATUS", "ADMIN_STATS",
      "ADMIN_AUDIT", "QUEUE_STATS"})
  void adminActionsRefuseAnonymousCallersPlainUsersAndForgedRoleHeaders(UserAction action, VertxTestContext ctx) {
    JsonObject body = new JsonObject().put("bogus", "even a bad body is not looked at first");
    bus.signedIn(unique("plain"))
        .compose(login -> Future.all(
            failure(bus.call(action, body)),
            failure(bus.call(action, body, userId(login), "user")),
            // The headers say admin, the store says otherwise: the store wins.
            failure(bus.call(action, new JsonObject(), userId(login), "admin"))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<ServiceError>resultAt(0).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          assertThat(all.<ServiceError>resultAt(1).code()).isEqualTo(ErrorCode.FORBIDDEN);
          assertThat(all.<ServiceError>resultAt(2).code()).isEqualTo(ErrorCode.FORBIDDEN);
          ctx.completeNow();
        })));
  }

  @Test
  void listPagesAndFilters(VertxTestContext ctx) {
    bus.register(unique("l1"), UserBus.PASSWORD, "L1")
        .compose(v -> bus.register(unique("l2"), UserBus.PASSWORD, "L2"))
        .compose(v -> Future.all(
            asAdmin(UserAction.ADMIN_LIST, new JsonObject().put("page", 1).put("size", 2)),
            asAdmin(UserAction.ADMIN_LIST, new JsonObject().put("role", "admin")),
            asAdmin(UserAction.ADMIN_LIST, new JsonObject().put("role", "user").put("status", "active")),
            asAdmin(UserAction.ADMIN_LIST, new JsonObject().put("page", 9).put("size", 100))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          JsonObject first = all.resultAt(0);
          assertThat(first.fieldNames()).containsExactlyInAnyOrder("items", "page", "size", "total");
          assertThat(first.getJsonArray("items")).hasSize(2);
          assertThat(first.getLong("total")).isEqualTo(3);
          assertThat(first.getJsonArray("items").getJsonObject(0).containsKey("passwordHash")).isFalse();
          assertThat(all.<JsonObject>resultAt(1).getLong("total")).isEqualTo(1);
          assertThat(all.<JsonObject>resultAt(2).getLong("total")).isEqualTo(2);
          assertThat(all.<JsonObject>resultAt(3).getJsonArray("items")).isEmpty();
          ctx.completeNow();
        })));
  }

  static Stream<Arguments> badAdminBodies() {
    String id = UUID.randomUUID().toString();
    return Stream.of(
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("page", 0), "page"),
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("page", "1"), "page"),
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("page", 1.5), "page"),
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("size", 0), "size"),
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("size", 101), "size"),
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("size", 99999999999L), "size"),
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("role", "root"), "role"),
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("status", "banned"), "status"),
        Arguments.of(UserAction.ADMIN_LIST, new JsonObject().put("sort", "email"), "sort"),
        Arguments.of(UserAction.ADMIN_SET_ROLE, new JsonObject().put("id", id), "role"),
        Arguments.of(UserAction.ADMIN_SET_ROLE, new JsonObject().put("id", "1-2-3-4-5").put("role", "admin"), "id"),
        Arguments.of(UserAction.ADMIN_SET_ROLE, new JsonObject().put("id", id).put("role", "superuser"), "role"),
        Arguments.of(UserAction.ADMIN_SET_ROLE, new JsonObject().put("id", id).put("role", new JsonArray()), "role"),
        Arguments.of(UserAction.ADMIN_SET_STATUS, new JsonObject().put("id", id).put("status", "gone"), "status"),
        Arguments.of(UserAction.ADMIN_SET_STATUS, new JsonObject().put("status", "active"), "id"),
        Arguments.of(UserAction.ADMIN_STATS, new JsonObject().put("from", "yesterday"), "from"),
        Arguments.of(UserAction.ADMIN_STATS, new JsonObject().put("from", "2026-02-01").put("to", "2026-01-01"), "from"),
        Arguments.of(UserAction.ADMIN_STATS, new JsonObject().put("from", "2020-01-01").put("to", "2026-01-01"), "from"),
        Arguments.of(UserAction.ADMIN_STATS, new JsonObject().put("to", 20260101), "to"),
        Arguments.of(UserAction.ADMIN_AUDIT, new JsonObject().put("action", "HACK"), "action"),
        Arguments.of(UserAction.ADMIN_AUDIT, new JsonObject().put("actor", "me"), "actor"),
        Arguments.of(UserAction.ADMIN_AUDIT, new JsonObject().put("target", 5), "target"),
        Arguments.of(UserAction.ADMIN_AUDIT, new JsonObject().put("from", "last week"), "from"),
        Arguments.of(UserAction.ADMIN_AUDIT, new JsonObject().put("size", "10"), "size"),
        Arguments.of(UserAction.QUEUE_STATS, new JsonObject().put("verbose", true), "verbose"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badAdminBodies")
  void badAdminBodiesAreValidationErrorsNamingTheField(UserAction action, JsonObject body, String field,
      VertxTestContext ctx) {
    expectError(ctx, asAdmin(action, body), ErrorCode.VALIDATION, field);
  }

  @Test
  void setRoleChangesTheRoleAuditsAndAnnouncesIt(VertxTestContext ctx) {
    bus.register(unique("promote"), UserBus.PASSWORD, "P")
        .compose(user -> asAdmin(UserAction.ADMIN_SET_ROLE, new JsonObject().put("id", user.getString("id"))
            .put("role", "admin")))
        .compose(promoted -> audit(AuditAction.ROLE_CHANGE).map(page -> List.of(promoted, page)))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(((JsonObject) pair.get(0)).getJsonArray("roles")).containsExactly("admin", "user");
          AuditRecord<?> record = (AuditRecord<?>) ((Page<?>) pair.get(1)).items().get(0);
          assertThat(record.entry().details()).isEqualTo(new JsonObject().put("from", "user").put("to", "admin"));
          assertThat(record.entry().actorId()).isPresent();
          ctx.completeNow();
        })));
  }

  @Test
  void anAdminCannotChangeTheirOwnRoleOrStatus(VertxTestContext ctx) {
    bus.admin()
        .compose(admin -> Future.all(
            failure(bus.call(UserAction.ADMIN_SET_ROLE, new JsonObject().put("id", userId(admin)).put("role", "user"),
                userId(admin), "admin")),
            failure(bus.call(UserAction.ADMIN_SET_STATUS, new JsonObject().put("id", userId(admin))
                .put("status", "disabled"), userId(admin), "admin"))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<ServiceError>resultAt(0).code()).isEqualTo(ErrorCode.CONFLICT);
          assertThat(all.<ServiceError>resultAt(1).code()).isEqualTo(ErrorCode.CONFLICT);
          ctx.completeNow();
        })));
  }

  @Test
  void setRoleOrStatusOfAnUnknownUserIsNotFound(VertxTestContext ctx) {
    expectError(ctx, asAdmin(UserAction.ADMIN_SET_STATUS, new JsonObject().put("id", UUID.randomUUID().toString())
        .put("status", "disabled")), ErrorCode.NOT_FOUND, null);
  }

  @Test
  void disablingStopsLoginsAndReEnablingRestoresThem(VertxTestContext ctx) {
    String email = unique("toggle");
    bus.signedIn(email)
        .compose(login -> asAdmin(UserAction.ADMIN_SET_STATUS, new JsonObject().put("id", userId(login))
                .put("status", "disabled"))
            .compose(disabled -> failure(bus.login(email, UserBus.PASSWORD))
                .compose(refused -> asAdmin(UserAction.ADMIN_SET_STATUS, new JsonObject().put("id", userId(login))
                    .put("status", "active")))
                .compose(enabled -> bus.login(email, UserBus.PASSWORD))
                .map(again -> disabled)))
        .compose(disabled -> Future.all(audit(AuditAction.USER_DISABLE), audit(AuditAction.USER_ENABLE))
            .map(all -> List.<Object>of(disabled, all.resultAt(0), all.resultAt(1))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(((JsonObject) list.get(0)).getString("status")).isEqualTo("disabled");
          AuditRecord<?> disable = (AuditRecord<?>) ((Page<?>) list.get(1)).items().get(0);
          assertThat(disable.entry().details().getInteger("revokedSessions")).isEqualTo(1);
          assertThat(((Page<?>) list.get(2)).total()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void statsAnswerTotalsSignUpsPerDayActiveUsersAndLogins(VertxTestContext ctx) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    bus.signedIn(unique("counted"))
        .compose(v -> failure(bus.login(unique("nobody"), "some wrong password")))
        .compose(v -> asAdmin(UserAction.ADMIN_STATS, new JsonObject().put("from", today.minusDays(6).toString())
            .put("to", today.toString())))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(stats.fieldNames()).containsExactlyInAnyOrder("from", "to", "totals", "signUpsPerDay",
              "activeUsers", "logins");
          assertThat(stats.getJsonObject("totals")).isEqualTo(new JsonObject().put("users", 2).put("active", 2)
              .put("disabled", 0).put("admins", 1));
          assertThat(stats.getJsonArray("signUpsPerDay")).hasSize(7);
          assertThat(stats.getJsonArray("signUpsPerDay").getJsonObject(6))
              .isEqualTo(new JsonObject().put("date", today.toString()).put("count", 2));
          assertThat(stats.getJsonObject("activeUsers")).isEqualTo(new JsonObject().put("last24Hours", 2)
              .put("last7Days", 2));
          assertThat(stats.getJsonObject("logins")).isEqualTo(new JsonObject().put("succeeded", 2).put("failed", 1));
          ctx.completeNow();
        })));
  }

  @Test
  void statsDefaultToTheLast30Days(VertxTestContext ctx) {
    asAdmin(UserAction.ADMIN_STATS, new JsonObject()).onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
      assertThat(stats.getJsonArray("signUpsPerDay")).hasSize(30);
      assertThat(stats.getString("to")).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
      ctx.completeNow();
    })));
  }

  @Test
  void auditListsEntriesWithFilters(VertxTestContext ctx) {
    bus.register(unique("trail"), UserBus.PASSWORD, "T")
        .compose(user -> Future.all(
                asAdmin(UserAction.ADMIN_AUDIT, new JsonObject().put("action", "REGISTER")),
                asAdmin(UserAction.ADMIN_AUDIT, new JsonObject().put("target", user.getString("id"))),
                asAdmin(UserAction.ADMIN_AUDIT, new JsonObject().put("from", "2000-01-01").put("to",
                    "2000-01-02T00:00:00Z")),
                asAdmin(UserAction.ADMIN_AUDIT, new JsonObject().put("page", 1).put("size", 1)))
            .map(all -> List.<Object>of(user, all.resultAt(0), all.resultAt(1), all.resultAt(2), all.resultAt(3))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          JsonObject registered = (JsonObject) list.get(1);
          assertThat(registered.getLong("total")).isEqualTo(1);
          JsonObject item = registered.getJsonArray("items").getJsonObject(0);
          assertThat(item.getString("action")).isEqualTo("REGISTER");
          assertThat(item.getString("ip")).isEqualTo("198.51.100.23");
          assertThat(item.getString("userAgent")).isEqualTo("UserBus/1.0");
          assertThat(((JsonObject) list.get(2)).getLong("total")).isGreaterThanOrEqualTo(1);
          assertThat(((JsonObject) list.get(3)).getLong("total")).isZero();
          assertThat(((JsonObject) list.get(4)).getJsonArray("items")).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void queueStatsReportTheOutbox(VertxTestContext ctx) {
    bus.register(unique("queued"), UserBus.PASSWORD, "Q")
        .compose(v -> Polling.until(bus.vertx, () -> asAdmin(UserAction.QUEUE_STATS, new JsonObject()),
            s -> s.getLong("delivered") >= 1, 5_000))
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(stats.fieldNames()).containsExactlyInAnyOrder("pending", "delivered", "dead", "retried",
              "oldestPendingAgeSeconds");
          assertThat(stats.getLong("dead")).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void aDemotedAdminLosesAdminAccessAtOnce(VertxTestContext ctx) {
    bus.signedIn(unique("second-admin"))
        .compose(second -> asAdmin(UserAction.ADMIN_SET_ROLE, new JsonObject().put("id", userId(second))
                .put("role", "admin"))
            .compose(v -> bus.call(UserAction.ADMIN_LIST, new JsonObject(), userId(second), "admin"))
            .compose(v -> asAdmin(UserAction.ADMIN_SET_ROLE, new JsonObject().put("id", userId(second))
                .put("role", "user")))
            // Its access token still says admin: the service asks the store.
            .compose(v -> failure(bus.call(UserAction.ADMIN_LIST, new JsonObject(), userId(second), "admin"))))
        .onComplete(ctx.succeeding(error -> ctx.verify(() -> {
          assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN);
          ctx.completeNow();
        })));
  }
}
