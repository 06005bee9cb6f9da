package io.emporium.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.UserAction;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** user.refresh and user.logout. */
class SessionActionTest extends ServiceTestBase {

  private Future<JsonObject> refresh(String token) {
    return bus.call(UserAction.REFRESH, new JsonObject().put("refreshToken", token));
  }

  private Future<JsonObject> logout(String token) {
    return bus.call(UserAction.LOGOUT, new JsonObject().put("refreshToken", token));
  }

  @Test
  void refreshAnswersNewTokensAndTheOldRefreshTokenStopsWorking(VertxTestContext ctx) {
    bus.signedIn(unique("refresh"))
        .compose(login -> refresh(login.getString("refreshToken")).compose(fresh -> failure(refresh(login.getString(
            "refreshToken"))).map(reuse -> List.of(login, fresh, reuse))))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          JsonObject login = (JsonObject) list.get(0);
          JsonObject fresh = (JsonObject) list.get(1);
          assertThat(fresh.fieldNames()).containsExactlyInAnyOrder("accessToken", "tokenType", "expiresIn",
              "refreshToken", "refreshExpiresIn", "user");
          assertThat(fresh.getString("refreshToken")).isNotEqualTo(login.getString("refreshToken"));
          assertThat(fresh.getString("accessToken")).isNotEqualTo(login.getString("accessToken"));
          assertThat(((ServiceError) list.get(2)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          ctx.completeNow();
        })));
  }

  @Test
  void reusingARotatedTokenRevokesTheSessionAndIsAudited(VertxTestContext ctx) {
    bus.signedIn(unique("stolen"))
        .compose(login -> refresh(login.getString("refreshToken"))
            .compose(owner -> failure(refresh(login.getString("refreshToken")))
                .compose(thief -> failure(refresh(owner.getString("refreshToken"))).map(after -> List.of(thief, after)))))
        .compose(pair -> audit(AuditAction.REFRESH_REUSE).map(page -> List.of(pair.get(0), pair.get(1), page)))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(((ServiceError) list.get(0)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          assertThat(((ServiceError) list.get(1)).code()).as("the owner's newer token is revoked too")
              .isEqualTo(ErrorCode.UNAUTHORIZED);
          assertThat(((Page<?>) list.get(2)).total()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void refreshOfADisabledUserFailsAtOnce(VertxTestContext ctx) {
    bus.signedIn(unique("off"))
        .compose(login -> bus.admin().compose(admin -> bus.call(UserAction.ADMIN_SET_STATUS, new JsonObject()
                .put("id", userId(login)).put("status", "disabled"), userId(admin), "admin", "user"))
            .map(login))
        .compose(login -> failure(refresh(login.getString("refreshToken"))))
        .onComplete(ctx.succeeding(error -> ctx.verify(() -> {
          assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          ctx.completeNow();
        })));
  }

  @Test
  void malformedOrUnknownTokensAreUnauthorizedAndWrongTypesAreValidationErrors(VertxTestContext ctx) {
    Future.all(List.of(
            failure(refresh("not-a-token")),
            failure(refresh("A".repeat(43))),
            failure(refresh("")),
            failure(bus.call(UserAction.REFRESH, new JsonObject().put("refreshToken", 12345))),
            failure(bus.call(UserAction.REFRESH, new JsonObject())),
            failure(bus.call(UserAction.REFRESH, new JsonObject().put("refreshToken", "x").put("userId", "y")))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < 3; i++) {
            assertThat(all.<ServiceError>resultAt(i).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          }
          assertThat(all.<ServiceError>resultAt(3)).extracting(ServiceError::code, ServiceError::field)
              .containsExactly(ErrorCode.VALIDATION, "refreshToken");
          assertThat(all.<ServiceError>resultAt(4)).extracting(ServiceError::code, ServiceError::field)
              .containsExactly(ErrorCode.VALIDATION, "refreshToken");
          assertThat(all.<ServiceError>resultAt(5)).extracting(ServiceError::code, ServiceError::field)
              .containsExactly(ErrorCode.VALIDATION, "userId");
          ctx.completeNow();
        })));
  }

  @Test
  void logoutRevokesTheSessionAndIsAudited(VertxTestContext ctx) {
    bus.signedIn(unique("bye"))
        .compose(login -> logout(login.getString("refreshToken"))
            .compose(reply -> failure(refresh(login.getString("refreshToken"))).map(after -> List.of(reply, after))))
        .compose(pair -> audit(AuditAction.LOGOUT).map(page -> List.of(pair.get(0), pair.get(1), page)))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(list.get(0)).isEqualTo(new JsonObject());
          assertThat(((ServiceError) list.get(1)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          assertThat(((Page<?>) list.get(2)).total()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void logoutOfAnUnknownOrMalformedTokenAnswersEmptyAndWritesNothing(VertxTestContext ctx) {
    Future.all(logout("A".repeat(43)), logout("nonsense"))
        .compose(all -> audit(AuditAction.LOGOUT).map(page -> List.<Object>of(all.resultAt(0), all.resultAt(1), page)))
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(list.get(0)).isEqualTo(new JsonObject());
          assertThat(list.get(1)).isEqualTo(new JsonObject());
          assertThat(((Page<?>) list.get(2)).total()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void aRefreshedAccessTokenCarriesTheCurrentRoles(VertxTestContext ctx) {
    bus.signedIn(unique("promoted"))
        .compose(login -> bus.admin().compose(admin -> bus.call(UserAction.ADMIN_SET_ROLE, new JsonObject()
                .put("id", userId(login)).put("role", "admin"), userId(admin), "admin"))
            .map(login))
        .compose(login -> refresh(login.getString("refreshToken")))
        .compose(fresh -> bus.module.accessTokens().verify(fresh.getString("accessToken")))
        .onComplete(ctx.succeeding(identity -> ctx.verify(() -> {
          assertThat(identity.roles()).containsExactlyInAnyOrder("admin", "user");
          assertThat(UUID.fromString(identity.userId())).isNotNull();
          ctx.completeNow();
        })));
  }
}
