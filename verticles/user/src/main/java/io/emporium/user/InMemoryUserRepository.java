package io.emporium.user;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The zero-setup store: one per JVM, shared by every user instance in it (they run on different
 * event loops, so the check-then-insert of create is synchronized). Not durable.
 */
public final class InMemoryUserRepository implements UserRepository {
  private final Map<UUID, User> byId = new ConcurrentHashMap<>();
  private final Map<String, UUID> idByEmail = new ConcurrentHashMap<>();

  @Override
  public Future<Optional<User>> findById(UUID id) {
    return Future.succeededFuture(Optional.ofNullable(byId.get(id)));
  }

  @Override
  public Future<Optional<User>> findByEmail(String email) {
    UUID id = idByEmail.get(User.normalizeEmail(email));
    return Future.succeededFuture(id == null ? Optional.empty() : Optional.ofNullable(byId.get(id)));
  }

  @Override
  public synchronized Future<User> create(NewUser u) {
    if (idByEmail.containsKey(u.email())) {
      return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "a user with this email exists", "email")
          .toException());
    }
    // Same precision as PostgreSQL's timestamptz, so both stores return equal values.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    User user = new User(UUID.randomUUID(), u.email(), u.name(), u.passwordHash(), u.roles(), User.Status.ACTIVE,
        now, now);
    // By id first: a concurrent findByEmail that sees the email must also find the user.
    byId.put(user.id(), user);
    idByEmail.put(user.email(), user.id());
    return Future.succeededFuture(user);
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "memory";
  }
}
