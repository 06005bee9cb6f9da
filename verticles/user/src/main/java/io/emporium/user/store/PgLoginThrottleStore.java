package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Lockout;
import io.emporium.user.domain.LockoutPolicy;
import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;

/**
 * The failed-login streaks in {@code account.login_throttle}; the database's clock times them. A login
 * or an erasure ends a streak in its own transaction ({@link #forget}).
 */
final class PgLoginThrottleStore implements LoginThrottleStore {
  private final PgUserDatabase db;

  PgLoginThrottleStore(PgUserDatabase db) {
    this.db = db;
  }

  @Override
  public Future<Optional<Long>> lockedForSeconds(String emailKey) {
    String sql = "SELECT ceil(extract(epoch FROM locked_until - now()))::bigint AS seconds FROM account.login_throttle"
        + " WHERE email_key = $1 AND locked_until > now()";
    return db.run("user.lockedForSeconds", db.pool().preparedQuery(sql).execute(Tuple.of(emailKey)))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(Math.max(1L, rows.iterator().next().getLong("seconds"))));
  }

  @Override
  public Future<Lockout> recordLoginFailure(String emailKey, LockoutPolicy policy,
      Function<Lockout, Effects<AuditAction>> effects) {
    String count = "INSERT INTO account.login_throttle AS t (email_key, failures, last_failure_at) VALUES ($1, 1, now())"
        + " ON CONFLICT (email_key) DO UPDATE SET failures = CASE"
        + " WHEN t.last_failure_at < now() - $2::bigint * interval '1 second' THEN 1 ELSE t.failures + 1 END,"
        + " last_failure_at = now() RETURNING failures";
    String lock = "UPDATE account.login_throttle SET locked_until = CASE WHEN $2::bigint > 0"
        + " THEN now() + $2::bigint * interval '1 second' END WHERE email_key = $1";
    return db.transaction("user.recordLoginFailure", conn -> conn.preparedQuery(count)
        .execute(Tuple.of(emailKey, LockoutPolicy.STREAK_WINDOW_SECONDS))
        .map(rows -> rows.iterator().next().getInteger("failures"))
        .map(failures -> new Lockout(failures, policy.lockSeconds(failures)))
        .compose(lockout -> conn.preparedQuery(lock).execute(Tuple.of(emailKey, lockout.lockedSeconds()))
            .compose(v -> db.finish(conn, lockout, effects))));
  }

  @Override
  public Future<Integer> purgeLoginThrottle(Instant lastFailureBefore, int limit) {
    String sql = "DELETE FROM account.login_throttle WHERE email_key IN (SELECT email_key FROM account.login_throttle"
        + " WHERE last_failure_at < $1 AND (locked_until IS NULL OR locked_until <= now())"
        + " ORDER BY last_failure_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return db.run("user.purgeLoginThrottle", db.pool().preparedQuery(sql)
        .execute(Tuple.of(lastFailureBefore.atOffset(ZoneOffset.UTC), limit)))
        .map(RowSet::rowCount);
  }

  /** Ends the email's streak, lock included (a login, an erasure). */
  static Future<Void> forget(SqlConnection conn, String emailKey) {
    return conn.preparedQuery("DELETE FROM account.login_throttle WHERE email_key = $1")
        .execute(Tuple.of(emailKey)).mapEmpty();
  }
}
