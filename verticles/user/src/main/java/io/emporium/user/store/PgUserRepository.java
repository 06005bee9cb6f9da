package io.emporium.user.store;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.outbox.OutboxStore;
import io.emporium.platform.outbox.PgOutboxStore;
import io.emporium.platform.persistence.PgFailures;
import io.emporium.platform.persistence.TransactionRetry;
import io.emporium.platform.service.Page;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.audit.AuditEntry;
import io.emporium.user.audit.AuditQuery;
import io.emporium.user.audit.AuditRecord;
import io.emporium.user.domain.AdminAccountState;
import io.emporium.user.domain.Erasure;
import io.emporium.user.domain.Lockout;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.SessionEnd;
import io.emporium.user.domain.SessionRevocation;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserStats;
import io.emporium.user.domain.UserUpdate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The user service's store in PostgreSQL (schema {@code account}: {@code user} is a reserved word);
 * every value is bound, never concatenated. Each change runs in one {@code withTransaction} together
 * with its audit entries and outbox events. Rows that a change depends on are locked first (the user
 * {@code FOR UPDATE} or {@code FOR SHARE}, a refresh token {@code FOR UPDATE}), so concurrent changes
 * of one user or one token are serialised by the database, across JVMs too.
 */
public final class PgUserRepository implements UserRepository {
  /** The service's schema; not {@code user}: that is a reserved word in PostgreSQL. */
  public static final String SCHEMA = "account";
  private static final String COLUMNS =
      "id, email, name, password_hash, roles, status, preferences, created_at, updated_at, last_login_at";
  private static final String ROLE_FILTER = "($2::text IS NULL OR (($2::text = 'admin') = ('admin' = ANY(roles))))";

  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMs;
  private final PgOutboxStore outbox;

  public PgUserRepository(Vertx vertx, Pool pool, long timeoutMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMs = timeoutMs;
    this.outbox = new PgOutboxStore(vertx, pool, SCHEMA + ".outbox", timeoutMs);
  }

  @Override
  public Future<Optional<User>> findById(UUID id) {
    return run("user.findById",
        pool.preparedQuery("SELECT " + COLUMNS + " FROM account.users WHERE id = $1").execute(Tuple.of(id)))
        .map(PgUserRepository::firstUser);
  }

  @Override
  public Future<Optional<User>> findByEmail(String email) {
    // lower(email) matches the unique index, so the lookup uses it.
    return run("user.findByEmail",
        pool.preparedQuery("SELECT " + COLUMNS + " FROM account.users WHERE lower(email) = lower($1)")
            .execute(Tuple.of(User.normalizeEmail(email))))
        .map(PgUserRepository::firstUser);
  }

  @Override
  public Future<Page<User>> list(UserQuery query) {
    String where = " WHERE ($1::text IS NULL OR status = $1) AND " + ROLE_FILTER;
    Tuple filters = Tuple.of(query.status().map(Enum::name).orElse(null), query.role().orElse(null));
    Future<RowSet<Row>> items = pool.preparedQuery("SELECT " + COLUMNS + " FROM account.users" + where
            + " ORDER BY created_at, id LIMIT $3 OFFSET $4")
        .execute(Tuple.of(filters.getValue(0), filters.getValue(1), query.size(), offset(query.page(), query.size())));
    Future<RowSet<Row>> count = pool.preparedQuery("SELECT count(*) AS total FROM account.users" + where)
        .execute(filters);
    return run("user.list", Future.all(items, count).map(all -> items.result()))
        .map(rows -> {
          List<User> users = new ArrayList<>();
          rows.forEach(row -> users.add(toUser(row)));
          return new Page<>(users, query.page(), query.size(), count.result().iterator().next().getLong("total"));
        });
  }

  @Override
  public Future<User> create(NewUser u, Function<User, Effects> effects) {
    String sql = "INSERT INTO account.users (id, email, name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)"
        + " RETURNING " + COLUMNS;
    Tuple params = Tuple.tuple()
        .addUUID(UUID.randomUUID()).addString(u.email()).addString(u.name()).addString(u.passwordHash())
        .addArrayOfString(sortedRoles(u.roles()));
    return transaction("user.create", conn -> conn.preparedQuery(sql).execute(params)
        .map(rows -> toUser(rows.iterator().next()))
        .compose(user -> write(conn, effects.apply(user)).map(user)));
  }

  @Override
  public Future<UserUpdate> update(UUID id, UserPatch patch, Function<UserUpdate, Effects> effects) {
    return transaction("user.update", conn -> lockUser(conn, id, "FOR UPDATE").compose(found -> {
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
          .compose(after -> revoke(conn, id, patch.sessions()).map(revoked -> new UserUpdate(before, after, revoked)))
          .compose(update -> write(conn, effects.apply(update)).map(update));
    }));
  }

  @Override
  public Future<Erasure> erase(UUID id, Function<Erasure, Effects> effects) {
    return transaction("user.erase", conn -> lockUser(conn, id, "FOR UPDATE").compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ServiceError.notFound("no user with id " + id).toException());
      }
      String formerEmailKey = User.normalizeEmail(found.get().email());
      String user = "UPDATE account.users SET email = $2, name = $3, password_hash = NULL, status = 'DISABLED',"
          + " preferences = '{}'::jsonb, last_login_at = NULL, last_seen_at = NULL, updated_at = now()"
          + " WHERE id = $1 RETURNING " + COLUMNS;
      // Actor or target, or a failed login that named the email before the account existed or with a typo'd case.
      String audit = "UPDATE account.audit_log SET client_ip = NULL, user_agent = NULL,"
          + " details = details - 'email' - 'previousEmail' - 'name'"
          + " WHERE actor_id = $1 OR target_id = $1 OR lower(details ->> 'email') = $2"
          + " OR lower(details ->> 'previousEmail') = $2";
      return conn.preparedQuery(user).execute(Tuple.of(id, Erasure.erasedEmail(id), Erasure.ERASED_NAME))
          .map(rows -> toUser(rows.iterator().next()))
          .compose(erased -> conn.preparedQuery("DELETE FROM account.sessions WHERE user_id = $1").execute(Tuple.of(id))
              .compose(sessions -> conn.preparedQuery("DELETE FROM account.login_throttle WHERE email_key = $1")
                  .execute(Tuple.of(formerEmailKey))
                  .compose(streak -> conn.preparedQuery(audit).execute(Tuple.of(id, formerEmailKey)))
                  .map(entries -> new Erasure(erased, sessions.rowCount(), entries.rowCount()))))
          .compose(erasure -> write(conn, effects.apply(erasure)).map(erasure));
    }));
  }

  @Override
  public Future<AdminAccountState> upsertAdmin(NewUser admin, Function<AdminAccountState, Effects> effects) {
    String sql = "INSERT INTO account.users (id, email, name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)"
        + " ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash,"
        + " roles = EXCLUDED.roles, status = 'ACTIVE', updated_at = now()"
        + " RETURNING " + COLUMNS + ", (xmax = 0) AS created";
    Tuple params = Tuple.tuple().addUUID(UUID.randomUUID()).addString(admin.email()).addString(admin.name())
        .addString(admin.passwordHash()).addArrayOfString(sortedRoles(User.ADMIN_ROLES));
    return transaction("user.upsertAdmin", conn -> conn.preparedQuery(sql).execute(params)
        .map(rows -> {
          Row row = rows.iterator().next();
          return new AdminAccountState(toUser(row), row.getBoolean("created"));
        })
        .compose(state -> write(conn, effects.apply(state)).map(state)));
  }

  @Override
  public Future<Optional<Long>> lockedForSeconds(String emailKey) {
    String sql = "SELECT ceil(extract(epoch FROM locked_until - now()))::bigint AS seconds FROM account.login_throttle"
        + " WHERE email_key = $1 AND locked_until > now()";
    return run("user.lockedForSeconds", pool.preparedQuery(sql).execute(Tuple.of(emailKey)))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(Math.max(1L, rows.iterator().next().getLong("seconds"))));
  }

  @Override
  public Future<Lockout> recordLoginFailure(String emailKey, LockoutPolicy policy, Function<Lockout, Effects> effects) {
    String count = "INSERT INTO account.login_throttle AS t (email_key, failures, last_failure_at) VALUES ($1, 1, now())"
        + " ON CONFLICT (email_key) DO UPDATE SET failures = CASE"
        + " WHEN t.last_failure_at < now() - $2::bigint * interval '1 second' THEN 1 ELSE t.failures + 1 END,"
        + " last_failure_at = now() RETURNING failures";
    String lock = "UPDATE account.login_throttle SET locked_until = CASE WHEN $2::bigint > 0"
        + " THEN now() + $2::bigint * interval '1 second' END WHERE email_key = $1";
    return transaction("user.recordLoginFailure", conn -> conn.preparedQuery(count)
        .execute(Tuple.of(emailKey, LockoutPolicy.STREAK_WINDOW_SECONDS))
        .map(rows -> rows.iterator().next().getInteger("failures"))
        .map(failures -> new Lockout(failures, policy.lockSeconds(failures)))
        .compose(lockout -> conn.preparedQuery(lock).execute(Tuple.of(emailKey, lockout.lockedSeconds()))
            .compose(v -> write(conn, effects.apply(lockout))).map(lockout)));
  }

  @Override
  public Future<Optional<User>> recordLoginSuccess(UUID userId, String emailKey, NewSession session,
      Optional<Rehash> rehash, Function<User, Effects> effects) {
    String stamp = "UPDATE account.users SET last_login_at = now(), last_seen_at = now(),"
        + " password_hash = CASE WHEN $2::text IS NOT NULL AND password_hash = $2 THEN $3 ELSE password_hash END,"
        + " updated_at = CASE WHEN $2::text IS NOT NULL AND password_hash = $2 THEN now() ELSE updated_at END"
        + " WHERE id = $1 AND status = 'ACTIVE' RETURNING " + COLUMNS;
    Tuple params = Tuple.of(userId, rehash.map(Rehash::expected).orElse(null),
        rehash.map(Rehash::replacement).orElse(null));
    return transaction("user.recordLoginSuccess", conn -> conn.preparedQuery(stamp).execute(params)
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<User>empty());
          }
          User user = toUser(rows.iterator().next());
          return conn.preparedQuery("DELETE FROM account.login_throttle WHERE email_key = $1")
              .execute(Tuple.of(emailKey))
              .compose(v -> insertToken(conn, session))
              .compose(v -> write(conn, effects.apply(user)))
              .map(v -> Optional.of(user));
        }));
  }

  @Override
  public Future<RotationOutcome> rotate(byte[] presentedHash, NewToken next,
      Function<RotationOutcome, Effects> effects) {
    String find = "SELECT id, family_id, user_id, rotated_at IS NOT NULL AS rotated, revoked_at IS NOT NULL AS revoked,"
        + " expires_at > now() AS unexpired FROM account.sessions WHERE token_hash = $1 FOR UPDATE";
    return transaction("user.rotate", conn -> conn.preparedQuery(find).execute(Tuple.of(Buffer.buffer(presentedHash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return finish(conn, new RotationOutcome.Rejected(RotationOutcome.Reason.UNKNOWN), effects);
          }
          Row token = rows.iterator().next();
          UUID tokenId = token.getUUID("id");
          UUID sessionId = token.getUUID("family_id");
          UUID userId = token.getUUID("user_id");
          if (token.getBoolean("rotated")) {
            return revokeFamily(conn, sessionId, "reuse")
                .compose(revoked -> finish(conn, new RotationOutcome.Reused(userId, sessionId, revoked), effects));
          }
          if (token.getBoolean("revoked")) {
            return finish(conn, new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED), effects);
          }
          if (!token.getBoolean("unexpired")) {
            return finish(conn, new RotationOutcome.Rejected(RotationOutcome.Reason.EXPIRED), effects);
          }
          // FOR SHARE: a concurrent disable (which updates the user, then revokes its sessions) waits for us
          // or we for it, so a disabled user never keeps a freshly rotated token.
          return lockUser(conn, userId, "FOR SHARE").compose(user -> {
            if (user.isEmpty() || !user.get().isActive()) {
              return finish(conn, new RotationOutcome.Rejected(RotationOutcome.Reason.USER_INACTIVE), effects);
            }
            String rotate = "UPDATE account.sessions SET rotated_at = now()"
                + " WHERE id = $1 AND rotated_at IS NULL AND revoked_at IS NULL";
            return conn.preparedQuery(rotate).execute(Tuple.of(tokenId))
                .compose(updated -> updated.rowCount() == 1 ? Future.succeededFuture()
                    : Future.failedFuture(new IllegalStateException("token changed under its lock")))
                .compose(v -> insertToken(conn, new NewSession(sessionId, userId, next)))
                .compose(v -> conn.preparedQuery("UPDATE account.users SET last_seen_at = now() WHERE id = $1")
                    .execute(Tuple.of(userId)))
                .compose(v -> finish(conn, new RotationOutcome.Rotated(user.get(), sessionId), effects));
          });
        }));
  }

  @Override
  public Future<Optional<SessionEnd>> endSession(byte[] tokenHash, Function<SessionEnd, Effects> effects) {
    String find = "SELECT family_id, user_id FROM account.sessions WHERE token_hash = $1 FOR UPDATE";
    String live = "SELECT coalesce(bool_or(rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()), false)"
        + " AS live FROM account.sessions WHERE family_id = $1";
    return transaction("user.endSession", conn -> conn.preparedQuery(find).execute(Tuple.of(Buffer.buffer(tokenHash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<SessionEnd>empty());
          }
          Row token = rows.iterator().next();
          UUID sessionId = token.getUUID("family_id");
          return conn.preparedQuery(live).execute(Tuple.of(sessionId))
              .map(r -> new SessionEnd(token.getUUID("user_id"), sessionId, r.iterator().next().getBoolean("live")))
              .compose(end -> revokeFamily(conn, sessionId, "logout")
                  .compose(n -> write(conn, effects.apply(end)))
                  .map(v -> Optional.of(end)));
        }));
  }

  @Override
  public Future<Optional<UUID>> liveSessionOf(UUID userId, byte[] tokenHash) {
    String sql = "SELECT family_id FROM account.sessions WHERE token_hash = $1 AND user_id = $2"
        + " AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()";
    return run("user.liveSessionOf", pool.preparedQuery(sql).execute(Tuple.of(Buffer.buffer(tokenHash), userId)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("family_id")));
  }

  /** least(.., now()): the database's clock decides what has expired, as it does for rotate. */
  @Override
  public Future<Integer> purgeExpiredTokens(Instant expiredBefore, int limit) {
    String sql = "DELETE FROM account.sessions WHERE id IN (SELECT id FROM account.sessions"
        + " WHERE expires_at < least($1::timestamptz, now()) ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return run("user.purgeExpiredTokens", pool.preparedQuery(sql)
        .execute(Tuple.of(expiredBefore.atOffset(ZoneOffset.UTC), limit)))
        .map(RowSet::rowCount);
  }

  @Override
  public Future<Integer> purgeLoginThrottle(Instant lastFailureBefore, int limit) {
    String sql = "DELETE FROM account.login_throttle WHERE email_key IN (SELECT email_key FROM account.login_throttle"
        + " WHERE last_failure_at < $1 AND (locked_until IS NULL OR locked_until <= now())"
        + " ORDER BY last_failure_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return run("user.purgeLoginThrottle", pool.preparedQuery(sql)
        .execute(Tuple.of(lastFailureBefore.atOffset(ZoneOffset.UTC), limit)))
        .map(RowSet::rowCount);
  }

  @Override
  public Future<Integer> purgeAuditLog(Instant writtenBefore, int limit) {
    String sql = "DELETE FROM account.audit_log WHERE id IN (SELECT id FROM account.audit_log"
        + " WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return run("user.purgeAuditLog", pool.preparedQuery(sql)
        .execute(Tuple.of(writtenBefore.atOffset(ZoneOffset.UTC), limit)))
        .map(RowSet::rowCount);
  }

  @Override
  public Future<Void> appendAudit(AuditEntry entry) {
    return transaction("user.appendAudit", conn -> write(conn, Effects.audit(entry)));
  }

  @Override
  public Future<Page<AuditRecord>> audit(AuditQuery query) {
    String where = " WHERE ($1::uuid IS NULL OR actor_id = $1) AND ($2::text IS NULL OR action = $2)"
        + " AND ($3::uuid IS NULL OR target_id = $3) AND ($4::timestamptz IS NULL OR at >= $4)"
        + " AND ($5::timestamptz IS NULL OR at < $5)";
    Tuple filters = Tuple.of(query.actor().orElse(null), query.action().map(Enum::name).orElse(null),
        query.target().orElse(null), query.from().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null),
        query.to().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null));
    Tuple paged = Tuple.tuple();
    for (int i = 0; i < filters.size(); i++) {
      paged.addValue(filters.getValue(i));
    }
    paged.addInteger(query.size()).addLong(offset(query.page(), query.size()));
    Future<RowSet<Row>> items = pool.preparedQuery("SELECT id, at, actor_id, action, target_id, client_ip, user_agent,"
        + " request_id, outcome, details FROM account.audit_log" + where + " ORDER BY id DESC LIMIT $6 OFFSET $7")
        .execute(paged);
    Future<RowSet<Row>> count = pool.preparedQuery("SELECT count(*) AS total FROM account.audit_log" + where)
        .execute(filters);
    return run("user.audit", Future.all(items, count).map(all -> items.result())).map(rows -> {
      List<AuditRecord> records = new ArrayList<>();
      rows.forEach(row -> records.add(toAudit(row)));
      return new Page<>(records, query.page(), query.size(), count.result().iterator().next().getLong("total"));
    });
  }

  @Override
  public Future<UserStats> stats(LocalDate from, LocalDate to) {
    String totals = "SELECT count(*) AS users, count(*) FILTER (WHERE status = 'ACTIVE') AS active,"
        + " count(*) FILTER (WHERE status = 'DISABLED') AS disabled,"
        + " count(*) FILTER (WHERE 'admin' = ANY(roles)) AS admins,"
        + " count(*) FILTER (WHERE last_seen_at > now() - interval '24 hours') AS active24h,"
        + " count(*) FILTER (WHERE last_seen_at > now() - interval '7 days') AS active7d FROM account.users";
    String perDay = "SELECT d::date AS day, count(u.id) AS signups"
        + " FROM generate_series($1::date::timestamp, $2::date::timestamp, interval '1 day') AS d"
        + " LEFT JOIN account.users u ON u.created_at >= (d AT TIME ZONE 'UTC')"
        + " AND u.created_at < ((d + interval '1 day') AT TIME ZONE 'UTC')"
        + " GROUP BY d ORDER BY d";
    String logins = "SELECT count(*) FILTER (WHERE action = 'LOGIN_SUCCESS') AS succeeded,"
        + " count(*) FILTER (WHERE action = 'LOGIN_FAILURE') AS failed FROM account.audit_log"
        + " WHERE action IN ('LOGIN_SUCCESS', 'LOGIN_FAILURE')"
        + " AND at >= ($1::date::timestamp AT TIME ZONE 'UTC') AND at < (($2::date + 1)::timestamp AT TIME ZONE 'UTC')";
    Tuple range = Tuple.of(from, to);
    Future<RowSet<Row>> t = pool.query(totals).execute();
    Future<RowSet<Row>> d = pool.preparedQuery(perDay).execute(range);
    Future<RowSet<Row>> l = pool.preparedQuery(logins).execute(range);
    return run("user.stats", Future.all(t, d, l).map(all -> t.result())).map(rows -> {
      Row total = rows.iterator().next();
      Row login = l.result().iterator().next();
      List<UserStats.DailyCount> days = new ArrayList<>();
      d.result().forEach(row -> days.add(new UserStats.DailyCount(row.getLocalDate("day"), row.getLong("signups"))));
      return new UserStats(from, to, total.getLong("users"), total.getLong("active"), total.getLong("disabled"),
          total.getLong("admins"), days, total.getLong("active24h"), total.getLong("active7d"),
          login.getLong("succeeded"), login.getLong("failed"));
    });
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  @Override
  public Future<Void> ping() {
    return run("user.ping", pool.query("SELECT 1").execute()).mapEmpty();
  }

  @Override
  public String kind() {
    return "postgres";
  }

  private Future<Optional<User>> lockUser(SqlConnection conn, UUID id, String lock) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM account.users WHERE id = $1 " + lock)
        .execute(Tuple.of(id)).map(PgUserRepository::firstUser);
  }

  private Future<Void> insertToken(SqlConnection conn, NewSession session) {
    String sql = "INSERT INTO account.sessions (id, family_id, user_id, token_hash, expires_at, client_ip, user_agent)"
        + " VALUES ($1, $2, $3, $4, now() + $5::bigint * interval '1 second', $6, $7)";
    NewToken token = session.firstToken();
    return conn.preparedQuery(sql).execute(Tuple.of(token.tokenId(), session.sessionId(), session.userId(),
        Buffer.buffer(token.tokenHash()), (long) token.ttlSeconds(), token.clientIp().orElse(null),
        token.userAgent().orElse(null))).mapEmpty();
  }

  /** Revokes every unrevoked token of the session; answers how many. */
  private Future<Integer> revokeFamily(SqlConnection conn, UUID sessionId, String reason) {
    return conn.preparedQuery("UPDATE account.sessions SET revoked_at = now(), revoked_reason = $2"
            + " WHERE family_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(sessionId, reason)).map(RowSet::rowCount);
  }

  /** Revokes the user's sessions as asked; answers how many were live. */
  private Future<Integer> revoke(SqlConnection conn, UUID userId, SessionRevocation revocation) {
    if (!revocation.revoke()) {
      return Future.succeededFuture(0);
    }
    String sql = "WITH r AS (UPDATE account.sessions SET revoked_at = now(), revoked_reason = $3"
        + " WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2)"
        + " RETURNING family_id, (rotated_at IS NULL AND expires_at > now()) AS live)"
        + " SELECT count(DISTINCT family_id) FILTER (WHERE live) AS revoked FROM r";
    return conn.preparedQuery(sql).execute(Tuple.of(userId, revocation.keep().orElse(null), revocation.reason()))
        .map(rows -> rows.iterator().next().getLong("revoked").intValue());
  }

  private <T> Future<T> finish(SqlConnection conn, T outcome, Function<T, Effects> effects) {
    return write(conn, effects.apply(outcome)).map(outcome);
  }

  private Future<Void> write(SqlConnection conn, Effects effects) {
    Future<Void> audit = Future.succeededFuture();
    if (!effects.audit().isEmpty()) {
      List<Tuple> rows = effects.audit().stream().map(e -> Tuple.of(e.actorId().orElse(null), e.action().name(),
          e.targetId().orElse(null), e.clientIp().orElse(null), e.userAgent().orElse(null),
          e.requestId().orElse(null), e.outcome().name(), e.details())).toList();
      audit = conn.preparedQuery("INSERT INTO account.audit_log (actor_id, action, target_id, client_ip, user_agent,"
          + " request_id, outcome, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)").executeBatch(rows).mapEmpty();
    }
    return audit.compose(v -> outbox.append(conn, effects.events()));
  }

  private <T> Future<T> transaction(String operation, Function<SqlConnection, Future<T>> work) {
    return Deadlines.within(vertx, TransactionRetry.onConflict(vertx, operation, () -> pool.withTransaction(work)),
            timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "email"));
  }

  private <T> Future<T> run(String operation, Future<T> query) {
    return Deadlines.within(vertx, query, timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "email"));
  }

  private static long offset(int page, int size) {
    return (long) (page - 1) * size;
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
        json(row.getValue("preferences")), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant(), lastLogin == null ? null : lastLogin.toInstant());
  }

  private static AuditRecord toAudit(Row row) {
    AuditEntry entry = new AuditEntry(Optional.ofNullable(row.getUUID("actor_id")),
        AuditAction.valueOf(row.getString("action")), Optional.ofNullable(row.getUUID("target_id")),
        Optional.ofNullable(row.getString("client_ip")), Optional.ofNullable(row.getString("user_agent")),
        Optional.ofNullable(row.getString("request_id")), AuditEntry.Outcome.valueOf(row.getString("outcome")),
        json(row.getValue("details")));
    return new AuditRecord(row.getLong("id"), row.getOffsetDateTime("at").toInstant(), entry);
  }

  private static JsonObject json(Object value) {
    if (value instanceof JsonObject json) {
      return json;
    }
    return value == null ? new JsonObject() : new JsonObject(String.valueOf(value));
  }
}
