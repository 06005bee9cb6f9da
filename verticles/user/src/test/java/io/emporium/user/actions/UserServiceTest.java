package io.emporium.user.actions;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.emporium.user.store.InMemoryUserRepository;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class UserServiceTest {
  private final InMemoryUserRepository repository = new InMemoryUserRepository();
  private final UserService service = new UserService(repository);

  private static ServiceRequest request(JsonObject body) {
    return new ServiceRequest(body, "test", Optional.empty(), Set.of());
  }

  @Test
  void getAnswersThePublicUserWithoutTheHash(VertxTestContext ctx) {
    repository.create(new NewUser("Ada@Example.org", "Ada", "secret-hash", Set.of(User.ROLE_ADMIN, User.ROLE_USER)),
            u -> Effects.none())
        .compose(created -> service.get(request(new JsonObject().put("id", created.id().toString())))
            .map(json -> json.put("expectedId", created.id().toString())))
        .onComplete(ctx.succeeding(json -> ctx.verify(() -> {
          assertThat(json.getString("id")).isEqualTo(json.getString("expectedId"));
          assertThat(json.getString("email")).isEqualTo("ada@example.org");
          assertThat(json.getJsonArray("roles")).containsExactly("admin", "user");
          assertThat(json.getString("status")).isEqualTo("active");
          assertThat(json.encode()).doesNotContain("secret-hash").doesNotContain("passwordHash");
          ctx.completeNow();
        })));
  }

  @Test
  void getOfAnUnknownIdIsNotFound(VertxTestContext ctx) {
    service.get(request(new JsonObject().put("id", UUID.randomUUID().toString())))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ServiceException.class);
          assertThat(((ServiceException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
          ctx.completeNow();
        })));
  }

  @Test
  void getOfAMalformedIdIsAValidationErrorOnFieldId() {
    // Thrown, not a failed future: the dispatcher turns both into the same contract failure.
    assertThatThrownBy(() -> service.get(request(new JsonObject().put("id", "1-2-3-4-5"))))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(e.error().field()).isEqualTo("id");
        });
  }

  @Test
  void getWithoutAnIdIsAValidationErrorOnFieldId() {
    assertThatThrownBy(() -> service.get(request(new JsonObject())))
        .isInstanceOfSatisfying(ServiceException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
          assertThat(e.error().field()).isEqualTo("id");
        });
  }
}
