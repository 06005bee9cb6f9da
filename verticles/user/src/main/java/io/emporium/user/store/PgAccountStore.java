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
import io.emporium.user.store.SessionStore.Rehash;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The accounts in {@code account.users}; every statement on that table is here, those that other
 * aggregates' changes run in their transaction too ({@link #lock}, {@link #stampLogin}, {@link #touch}).
 * A change locks the user row {@code FOR UPDATE} first, so concurrent changes of one user are
 * serialised by the database, across JVMs too.
 */
final class PgAccountStore implements AccountStore {
  private static final String COLUMNS =
      "id, email, name, password_hash, roles, status, preferences, created_at, updated_at, last_login_at";
  private static final String ROLE_FILTER = "($2::text IS NULL OR (($2::text = 'admin') = ('admin' = ANY(roles))))";

  private final PgUserDatabase db;

  PgAccountStore(PgUserDatabase db) {
    this.db = db;
  }

  @Override
  public Future<Optional<User>> findById(UUID id) {
    return db.run("user.findById",
        db.pool().preparedQuery("SELECT " + COLUMNS + " FROM account.users WHERE id = $1").execute(Tuple.of(id)))
        .map(PgAccountStore::firstUser);
  }

  @Override
  public Future<Optional<User>> findByEmail(String email) {
    // lower(email) matches the unique index, so the lookup uses it.
    return db.run("user.findByEmail",
        db.pool().preparedQuery("SELECT " + COLUMNS + " FROM account.users WHERE lower(email) = lower($1)")
            .execute(Tuple.of(User.normalizeEmail(email))))
        .map(PgAccountStore::firstUser);
  }

  @Override
  public Future<Page<User>> list(UserQuery query) {
    String where = " WHERE ($1::text IS NULL OR status = $1) AND " + ROLE_FILTER;
    Tuple filters = Tuple.of(query.status().map(Enum::name).orElse(null), query.role().orElse(null));
    Future<RowSet<Row>> items = db.pool().preparedQuery("SELECT " + COLUMNS + " FROM account.users" + where
            + " ORDER BY created_at, id LIMIT $3 OFFSET $4")
        .execute(Tuple.of(filters.getValue(0), filters.getValue(1), query.size(),
            PgUserDatabase.offset(query.page(), query.size())));
    Future<RowSet<Row>> count = db.pool().preparedQuery("SELECT count(*) AS total FROM account.users" + where)
        .execute(filters);
    return db.run("user.list", Future.all(items, count).map(all -> items.result()))
        .map(rows -> {
          List<User> users = new ArrayList<>();
          rows.forEach(row -> users.add(toUser(row)));
          return new Page<>(users, query.page(), query.size(), count.result().iterator().next().getLong("total"));
        });
  }

  @Override
  public Future<User> create(NewUser u, Function<User, Effects<AuditAction>> effects) {
    String sql = "INSERT INTO account.users (id, email, name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)"
        + " RETURNING " + COLUMNS;
    Tuple params = Tuple.tuple()
        .addUUID(UUID.randomUUID()).addString(u.email()).addString(u.name()).addString(u.passwordHash())
        .addArrayOfString(sortedRoles(u.roles()));
    return db.transaction("user.create", conn -> conn.preparedQuery(sql).execute(params)
        .map(rows -> toUser(rows.iterator().next()))
        .compose(user -> db.finish(conn, user, effects)));
  }

  @Override
  public Future<UserUpdate> update(UUID id, UserPatch patch, Function<UserUpdate, Effects<AuditAction>> effects) {
    return db.transaction("user.update", conn -> lock(conn, id, "FOR UPDATE").compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ServiceError.notFound("no user with id " + id).toException());
      }
      User before = found.get();
      if (patch.expectedPasswordHash().isPresent()
          && !patch.expectedPasswordHash().get().equals(before.passwordHash())) {
        return Future.failedFuture(ServiceError.of(ErrorCode.PRECONDITION_FAILED, "the password changed meanwhile")
            .toException());
      }
      User target = patch.applyTo(before, before.updatedAt());
      String sql = "UPDATE account.users SET email = $2, name = $3, password_hash = $4, roles = $5, status = $6,"
          + " preferences = $7, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
      Tuple params = Tuple.tuple().addUUID(id).addString(target.email()).addString(target.name())
          .addString(target.passwordHash()).addArrayOfString(sortedRoles(target.roles()))
          .addString(target.status().name()).addValue(target.preferences());
      return conn.preparedQuery(sql).execute(params).map(rows -> toUser(rows.iterator().next()))
          .compose(after -> PgSessionStore.revokeOfUser(conn, id, patch.sessions())
              .map(revoked -> new UserUpdate(before, after, revoked)))
          .compose(update -> db.finish(conn, update, effects));
    }));
  }

  @Override
  public Future<Erasure> erase(UUID id, Function<Erasure, Effects<AuditAction>> effects) {
    return db.transaction("user.erase", conn -> lock(conn, id, "FOR UPDATE").compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ServiceError.notFound("no user with id " + id).toException());
      }
      String formerEmailKey = User.normalizeEmail(found.get().email());
      String user = "UPDATE account.users SET email = $2, name = $3, password_hash = NULL, status = 'DISABLED',"
          + " preferences = '{}'::jsonb, last_login_at = NULL, last_seen_at = NULL, updated_at = now()"
          + " WHERE id = $1 RETURNING " + COLUMNS;
      return conn.preparedQuery(user).execute(Tuple.of(id, Erasure.erasedEmail(id), Erasure.ERASED_NAME))
          .map(rows -> toUser(rows.iterator().next()))
          .compose(erased -> PgSessionStore.deleteOfUser(conn, id)
              .compose(sessions -> PgLoginThrottleStore.forget(conn, formerEmailKey)
                  .compose(streak -> PgAuditLogStore.scrub(conn, id, formerEmailKey))
                  .map(entries -> new Erasure(erased, sessions, entries))))
          .compose(erasure -> db.finish(conn, erasure, effects));
    }));
  }

  @Override
  public Future<AdminAccountState> upsertAdmin(NewUser admin,
      Function<AdminAccountState, Effects<AuditAction>> effects) {
    String sql = "INSERT INTO account.users (id, email, name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)"
        + " ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash,"
        + " roles = EXCLUDED.roles, status = 'ACTIVE', updated_at = now()"
        + " RETURNING " + COLUMNS + ", (xmax = 0) AS created";
    Tuple params = Tuple.tuple().addUUID(UUID.randomUUID()).addString(admin.email()).addString(admin.name())
        .addString(admin.passwordHash()).addArrayOfString(sortedRoles(User.ADMIN_ROLES));
    return db.transaction("user.upsertAdmin", conn -> conn.preparedQuery(sql).execute(params)
        .map(rows -> {
          Row row = rows.iterator().next();
          return new AdminAccountState(toUser(row), row.getBoolean("created"));
        })
        .compose(state -> db.finish(conn, state, effects)));
  }

  /** The user row, locked as {@code lock} says ({@code FOR UPDATE}, {@code FOR SHARE}). */
  static Future<Optional<User>> lock(SqlConnection conn, UUID id, String lock) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM account.users WHERE id = $1 " + lock)
        .execute(Tuple.of(id)).map(PgAccountStore::firstUser);
  }

  /**
   * Stamps a login on an active user and, when the hash is still {@code rehash.expected()}, replaces it;
   * empty when the user is gone or not active.
   */
  static Future<Optional<User>> stampLogin(SqlConnection conn, UUID userId, Optional<Rehash> rehash) {
    String stamp = "UPDATE account.users SET last_login_at = now(), last_seen_at = now(),"
        + " password_hash = CASE WHEN $2::text IS NOT NULL AND password_hash = $2 THEN $3 ELSE password_hash END,"
        + " updated_at = CASE WHEN $2::text IS NOT NULL AND password_hash = $2 THEN now() ELSE updated_at END"
        + " WHERE id = $1 AND status = 'ACTIVE' RETURNING " + COLUMNS;
    Tuple params = Tuple.of(userId, rehash.map(Rehash::expected).orElse(null),
        rehash.map(Rehash::replacement).orElse(null));
    return conn.preparedQuery(stamp).execute(params).map(PgAccountStore::firstUser);
  }

  /** Records activity of the user now (a refresh), for the active-user statistics. */
  static Future<Void> touch(SqlConnection conn, UUID userId) {
    return conn.preparedQuery("UPDATE account.users SET last_seen_at = now() WHERE id = $1")
        .execute(Tuple.of(userId)).mapEmpty();
  }

  private static String[] sortedRoles(Set<String> roles) {
    return roles.stream().sorted().toArray(String[]::new);
  }

  private static Optional<User> firstUser(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toUser(rows.iterator().next()));
  }

  private static User toUser(Row row) {
    OffsetDateTime lastLogin = row.getOffsetDateTime("last_login_at");
    return new User(
        row.getUUID("id"), row.getString("email"), row.getString("name"), row.getString("password_hash"),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("roles"))), User.Status.valueOf(row.getString("status")),
        PgUserDatabase.json(row.getValue("preferences")), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant(), lastLogin == null ? null : lastLogin.toInstant());
  }
}
