package io.emporium.product.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.product.UserDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How long the user service's word is kept: exactly the configured bound, on a clock the test moves. */
@ExtendWith(VertxExtension.class)
class AdminCallersCacheTest {
  private final AtomicLong now = new AtomicLong(1_000_000);

  private static ServiceRequest signedAdmin(String id) {
    return new ServiceRequest(new JsonObject(), "cache-test", Optional.of(id), Set.of("admin", "user"));
  }

  /** Runs the check on a Vert.x context, as the service does, and waits for its outcome. */
  private static Optional<ErrorCode> outcome(Vertx vertx, AdminCallers admins, String id) throws Exception {
    Future<Optional<ErrorCode>> checked = Future.future(promise -> vertx.runOnContext(v ->
        admins.confirm(signedAdmin(id)).<Optional<ErrorCode>>map(ok -> Optional.empty())
            .recover(e -> Future.succeededFuture(Optional.of(ServiceError.from(e).code())))
            .onComplete(promise)));
    return checked.await(10, TimeUnit.SECONDS);
  }

  @Test
  void aDisabledAdminIsRefusedOnceTheBoundHasPassedAndNotBefore(Vertx vertx) throws Exception {
    UserDirectory users = UserDirectory.start(vertx).await(10, TimeUnit.SECONDS);
    String admin = UUID.randomUUID().toString();
    users.activeAdmin(admin);
    AdminCallers admins = new AdminCallers(vertx, new AdminCheck(5_000, 2_000), now::get);

    assertThat(outcome(vertx, admins, admin)).isEmpty();
    users.put(admin, "disabled", "admin", "user");
    now.addAndGet(4_999);
    assertThat(outcome(vertx, admins, admin)).as("within the bound, the earlier answer holds").isEmpty();
    assertThat(users.asked()).isEqualTo(1);
    now.addAndGet(1);
    assertThat(outcome(vertx, admins, admin)).contains(ErrorCode.UNAUTHORIZED);
    assertThat(users.asked()).isEqualTo(2);
  }

  @Test
  void withNoCacheEveryActionAsks(Vertx vertx) throws Exception {
    UserDirectory users = UserDirectory.start(vertx).await(10, TimeUnit.SECONDS);
    String admin = UUID.randomUUID().toString();
    users.activeAdmin(admin);
    AdminCallers admins = new AdminCallers(vertx, new AdminCheck(0, 2_000), now::get);

    assertThat(outcome(vertx, admins, admin)).isEmpty();
    users.put(admin, "active", "user");
    assertThat(outcome(vertx, admins, admin)).contains(ErrorCode.FORBIDDEN);
    assertThat(users.asked()).isEqualTo(2);
  }

  @Test
  void aRefusalIsNotKept(Vertx vertx) throws Exception {
    UserDirectory users = UserDirectory.start(vertx).await(10, TimeUnit.SECONDS);
    String promotedLater = UUID.randomUUID().toString();
    AdminCallers admins = new AdminCallers(vertx, new AdminCheck(5_000, 2_000), now::get);

    assertThat(outcome(vertx, admins, promotedLater)).contains(ErrorCode.UNAUTHORIZED);
    users.activeAdmin(promotedLater);
    assertThat(outcome(vertx, admins, promotedLater)).isEmpty();
  }

  @Test
  void aCallerWithoutTheRoleInItsHeadersIsRefusedWithoutAQuestion(Vertx vertx) throws Exception {
    UserDirectory users = UserDirectory.start(vertx).await(10, TimeUnit.SECONDS);
    AdminCallers admins = new AdminCallers(vertx, new AdminCheck(5_000, 2_000), now::get);
    ServiceRequest plainUser = new ServiceRequest(new JsonObject(), "t", Optional.of(UUID.randomUUID().toString()),
        Set.of("user"));

    Throwable refused = admins.confirm(plainUser).cause();

    assertThat(refused).isInstanceOf(ServiceException.class);
    assertThat(ServiceError.from(refused).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(users.asked()).isZero();
  }
}
