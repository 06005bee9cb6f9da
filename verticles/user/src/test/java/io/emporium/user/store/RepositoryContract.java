package io.emporium.user.store;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.outbox.Polling;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the contract suites share: an empty repository before each test (a subclass per store says
 * which), and small builders. Each suite runs against both stores, so they cannot drift.
 */
@ExtendWith(VertxExtension.class)
public abstract class RepositoryContract {
  static final String HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
  static final int TTL = 3_600;

  protected UserRepository repository;

  /** A repository with nothing in it. */
  protected abstract Future<UserRepository> emptyRepository(Vertx vertx);

  @BeforeEach
  void startFromAnEmptyRepository(Vertx vertx, VertxTestContext ctx) {
    emptyRepository(vertx).onComplete(ctx.succeeding(r -> {
      repository = r;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  public static NewUser user(String email) {
    return new NewUser(email, "Ada Lovelace", HASH, Set.of(User.ROLE_USER));
  }

  /** Creates without effects. */
  Future<User> create(NewUser user) {
    return repository.create(user, created -> Effects.none());
  }

  static AuditEntry<AuditAction> audit(AuditAction action, UUID target) {
    return new AuditEntry<>(Optional.empty(), action, Optional.ofNullable(target), Optional.of("203.0.113.7"),
        Optional.of("test-agent/1.0"), Optional.of("req-1"), AuditEntry.Outcome.SUCCESS,
        new JsonObject().put("k", "v"));
  }

  public static NewToken token(byte[] hash) {
    return new NewToken(UUID.randomUUID(), hash, TTL, Optional.of("203.0.113.7"), Optional.of("test-agent/1.0"));
  }

  public static byte[] hash(int seed) {
    byte[] bytes = new byte[32];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  static void assertCode(Throwable e, ErrorCode code) {
    assertThat(e).isInstanceOf(ServiceException.class);
    assertThat(((ServiceException) e).code()).isEqualTo(code);
  }
}
