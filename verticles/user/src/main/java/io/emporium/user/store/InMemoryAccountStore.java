package io.emporium.user.store;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.AdminAccountState;
import io.emporium.user.domain.Erasure;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserUpdate;
import io.emporium.user.store.InMemoryUserTables.Token;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/** The accounts in memory; reads go without the lock, changes hold it (see {@link InMemoryUserTables}). */
final class InMemoryAccountStore implements AccountStore {
  private final InMemoryUserTables tables;

  InMemoryAccountStore(InMemoryUserTables tables) {
    this.tables = tables;
  }

  @Override
  public Future<Optional<User>> findById(UUID id) {
    return Future.succeededFuture(Optional.ofNullable(tables.users.get(id)));
  }

  @Override
  public Future<Optional<User>> findByEmail(String email) {
    UUID id = tables.idByEmail.get(User.normalizeEmail(email));
    return Future.succeededFuture(id == null ? Optional.empty() : Optional.ofNullable(tables.users.get(id)));
  }

  @Override
  public Future<Page<User>> list(UserQuery query) {
    Predicate<User> matches = u -> query.status().map(s -> u.status() == s).orElse(true)
        && query.role().map(r -> r.equals(u.role())).orElse(true);
    List<User> all = tables.users.values().stream().filter(matches)
        .sorted(Comparator.comparing(User::createdAt).thenComparing(User::id)).toList();
    return Future.succeededFuture(new Page<>(InMemoryUserTables.slice(all, query.page(), query.size()), query.page(),
        query.size(), all.size()));
  }

  @Override
  public Future<User> create(NewUser u, Function<User, Effects<AuditAction>> effects) {
    return tables.change(() -> {
      if (tables.idByEmail.containsKey(u.email())) {
        return emailTaken();
      }
      Instant now = InMemoryUserTables.now();
      User user = new User(UUID.randomUUID(), u.email(), u.name(), u.passwordHash(), u.roles(), User.Status.ACTIVE,
          null, now, now, null);
      Effects<AuditAction> written = effects.apply(user);
      // By id first: a concurrent findByEmail that sees the email must also find the user.
      tables.users.put(user.id(), user);
      tables.idByEmail.put(user.email(), user.id());
      tables.write(written);
      return Future.succeededFuture(user);
    });
  }

  @Override
  public Future<UserUpdate> update(UUID id, UserPatch patch, Function<UserUpdate, Effects<AuditAction>> effects) {
    return tables.change(() -> {
      User before = tables.users.get(id);
      if (before == null) {
        return Future.failedFuture(ServiceError.notFound("no user with id " + id).toException());
      }
      if (patch.expectedPasswordHash().isPresent()
          && !patch.expectedPasswordHash().get().equals(before.passwordHash())) {
        return Future.failedFuture(ServiceError.of(ErrorCode.PRECONDITION_FAILED,
            "the password changed meanwhile").toException());
      }
      Instant now = InMemoryUserTables.now();
      User after = patch.applyTo(before, now);
      if (!after.email().equals(before.email()) && tables.idByEmail.containsKey(after.email())) {
        return emailTaken();
      }
      List<Token> revoked = patch.sessions().revoke()
          ? tables.unrevokedTokensOf(id, patch.sessions().keep()) : List.of();
      UserUpdate update = new UserUpdate(before, after,
          (int) revoked.stream().filter(t -> t.isLive(now)).map(t -> t.sessionId).distinct().count());
      Effects<AuditAction> written = effects.apply(update);
      tables.users.put(id, after);
      if (!after.email().equals(before.email())) {
        tables.idByEmail.put(after.email(), id);
        tables.idByEmail.remove(before.email());
      }
      revoked.forEach(t -> t.revokedAt = now);
      tables.write(written);
      return Future.succeededFuture(update);
    });
  }

  @Override
  public Future<Erasure> erase(UUID id, Function<Erasure, Effects<AuditAction>> effects) {
    return tables.change(() -> {
      User before = tables.users.get(id);
      if (before == null) {
        return Future.failedFuture(ServiceError.notFound("no user with id " + id).toException());
      }
      String formerEmailKey = User.normalizeEmail(before.email());
      User erased = new User(id, Erasure.erasedEmail(id), Erasure.ERASED_NAME, null, before.roles(),
          User.Status.DISABLED, new JsonObject(), before.createdAt(), InMemoryUserTables.now(), null);
      List<String> sessions = tables.tokensByHash.entrySet().stream().filter(e -> e.getValue().userId.equals(id))
          .map(Map.Entry::getKey).toList();
      List<Integer> entries = InMemoryAuditLogStore.namingThePerson(tables, id, formerEmailKey);
      Erasure erasure = new Erasure(erased, sessions.size(), entries.size());
      Effects<AuditAction> written = effects.apply(erasure);
      tables.users.put(id, erased);
      tables.idByEmail.remove(before.email());
      tables.idByEmail.put(erased.email(), id);
      tables.lastSeen.remove(id);
      sessions.forEach(tables.tokensByHash::remove);
      tables.streaks.remove(formerEmailKey);
      InMemoryAuditLogStore.scrub(tables, entries);
      tables.write(written);
      return Future.succeededFuture(erasure);
    });
  }

  @Override
  public Future<AdminAccountState> upsertAdmin(NewUser admin,
      Function<AdminAccountState, Effects<AuditAction>> effects) {
    return tables.change(() -> {
      UUID existing = tables.idByEmail.get(admin.email());
      Instant now = InMemoryUserTables.now();
      AdminAccountState state;
      if (existing == null) {
        state = new AdminAccountState(new User(UUID.randomUUID(), admin.email(), admin.name(), admin.passwordHash(),
            User.ADMIN_ROLES, User.Status.ACTIVE, null, now, now, null), true);
      } else {
        User before = tables.users.get(existing);
        state = new AdminAccountState(new User(before.id(), before.email(), before.name(), admin.passwordHash(),
            User.ADMIN_ROLES, User.Status.ACTIVE, before.preferences(), before.createdAt(), now, before.lastLoginAt()),
            false);
      }
      Effects<AuditAction> written = effects.apply(state);
      tables.users.put(state.user().id(), state.user());
      tables.idByEmail.put(state.user().email(), state.user().id());
      tables.write(written);
      return Future.succeededFuture(state);
    });
  }

  private static <T> Future<T> emailTaken() {
    return Future.failedFuture(new ServiceError(ErrorCode.CONFLICT, "a user with this email exists", "email")
        .toException());
  }
}
