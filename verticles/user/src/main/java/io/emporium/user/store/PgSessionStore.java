package io.emporium.user.store;

import io.emporium.platform.audit.Effects;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.NewSession;
import io.emporium.user.domain.NewToken;
import io.emporium.user.domain.RotationOutcome;
import io.emporium.user.domain.SessionEnd;
import io.emporium.user.domain.SessionRevocation;
import io.emporium.user.domain.User;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The sessions in {@code account.sessions} (one row per refresh token, a session being a family of
 * them); every statement on that table is here, those that account changes run in their transaction
 * too ({@link #revokeOfUser}, {@link #deleteOfUser}). A refresh token is locked {@code FOR UPDATE}
 * before it changes, so two rotations of one token are serialised by the database, across JVMs too.
 */
final class PgSessionStore implements SessionStore {
  private final PgUserDatabase db;

  PgSessionStore(PgUserDatabase db) {
    this.db = db;
  }

  @Override
  public Future<Optional<User>> recordLoginSuccess(UUID userId, String emailKey, NewSession session,
      Optional<Rehash> rehash, Function<User, Effects<AuditAction>> effects) {
    return db.transaction("user.recordLoginSuccess", conn -> PgAccountStore.stampLogin(conn, userId, rehash)
        .compose(stamped -> {
          if (stamped.isEmpty()) {
            return Future.succeededFuture(Optional.<User>empty());
          }
          User user = stamped.get();
          return PgLoginThrottleStore.forget(conn, emailKey)
              .compose(v -> insertToken(conn, session))
              .compose(v -> db.write(conn, effects.apply(user)))
              .map(v -> Optional.of(user));
        }));
  }

  @Override
  public Future<RotationOutcome> rotate(byte[] presentedHash, NewToken next,
      Function<RotationOutcome, Effects<AuditAction>> effects) {
    String find = "SELECT id, family_id, user_id, rotated_at IS NOT NULL AS rotated, revoked_at IS NOT NULL AS revoked,"
        + " expires_at > now() AS unexpired FROM account.sessions WHERE token_hash = $1 FOR UPDATE";
    return db.transaction("user.rotate", conn -> conn.preparedQuery(find).execute(Tuple.of(Buffer.buffer(presentedHash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return db.finish(conn, new RotationOutcome.Rejected(RotationOutcome.Reason.UNKNOWN), effects);
          }
          Row token = rows.iterator().next();
          UUID tokenId = token.getUUID("id");
          UUID sessionId = token.getUUID("family_id");
          UUID userId = token.getUUID("user_id");
          if (token.getBoolean("rotated")) {
            return revokeFamily(conn, sessionId, "reuse")
                .compose(revoked -> db.finish(conn, new RotationOutcome.Reused(userId, sessionId, revoked), effects));
          }
          if (token.getBoolean("revoked")) {
            return db.finish(conn, new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED), effects);
          }
          if (!token.getBoolean("unexpired")) {
            return db.finish(conn, new RotationOutcome.Rejected(RotationOutcome.Reason.EXPIRED), effects);
          }
          // FOR SHARE: a concurrent disable (which updates the user, then revokes its sessions) waits for us
          // or we for it, so a disabled user never keeps a freshly rotated token.
          return PgAccountStore.lock(conn, userId, "FOR SHARE").compose(user -> {
            if (user.isEmpty() || !user.get().isActive()) {
              return db.finish(conn, new RotationOutcome.Rejected(RotationOutcome.Reason.USER_INACTIVE), effects);
            }
            String rotate = "UPDATE account.sessions SET rotated_at = now()"
                + " WHERE id = $1 AND rotated_at IS NULL AND revoked_at IS NULL";
            return conn.preparedQuery(rotate).execute(Tuple.of(tokenId))
                .compose(updated -> updated.rowCount() == 1 ? Future.succeededFuture()
                    : Future.failedFuture(new IllegalStateException("token changed under its lock")))
                .compose(v -> insertToken(conn, new NewSession(sessionId, userId, next)))
                .compose(v -> PgAccountStore.touch(conn, userId))
                .compose(v -> db.finish(conn, new RotationOutcome.Rotated(user.get(), sessionId), effects));
          });
        }));
  }

  @Override
  public Future<Optional<SessionEnd>> endSession(byte[] tokenHash, Function<SessionEnd, Effects<AuditAction>> effects) {
    String find = "SELECT family_id, user_id FROM account.sessions WHERE token_hash = $1 FOR UPDATE";
    String live = "SELECT coalesce(bool_or(rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()), false)"
        + " AS live FROM account.sessions WHERE family_id = $1";
    return db.transaction("user.endSession", conn -> conn.preparedQuery(find).execute(Tuple.of(Buffer.buffer(tokenHash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<SessionEnd>empty());
          }
          Row token = rows.iterator().next();
          UUID sessionId = token.getUUID("family_id");
          return conn.preparedQuery(live).execute(Tuple.of(sessionId))
              .map(r -> new SessionEnd(token.getUUID("user_id"), sessionId, r.iterator().next().getBoolean("live")))
              .compose(end -> revokeFamily(conn, sessionId, "logout")
                  .compose(n -> db.write(conn, effects.apply(end)))
                  .map(v -> Optional.of(end)));
        }));
  }

  @Override
  public Future<Optional<UUID>> liveSessionOf(UUID userId, byte[] tokenHash) {
    String sql = "SELECT family_id FROM account.sessions WHERE token_hash = $1 AND user_id = $2"
        + " AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()";
    return db.run("user.liveSessionOf",
            db.pool().preparedQuery(sql).execute(Tuple.of(Buffer.buffer(tokenHash), userId)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("family_id")));
  }

  /** least(.., now()): the database's clock decides what has expired, as it does for rotate. */
  @Override
  public Future<Integer> purgeExpiredTokens(Instant expiredBefore, int limit) {
    String sql = "DELETE FROM account.sessions WHERE id IN (SELECT id FROM account.sessions"
        + " WHERE expires_at < least($1::timestamptz, now()) ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)";
    return db.run("user.purgeExpiredTokens", db.pool().preparedQuery(sql)
        .execute(Tuple.of(expiredBefore.atOffset(ZoneOffset.UTC), limit)))
        .map(RowSet::rowCount);
  }

  /** Revokes the user's sessions as asked; answers how many were live. */
  static Future<Integer> revokeOfUser(SqlConnection conn, UUID userId, SessionRevocation revocation) {
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

  /** Deletes every refresh token of the user (an erasure); answers how many. */
  static Future<Integer> deleteOfUser(SqlConnection conn, UUID userId) {
    return conn.preparedQuery("DELETE FROM account.sessions WHERE user_id = $1").execute(Tuple.of(userId))
        .map(RowSet::rowCount);
  }

  private static Future<Void> insertToken(SqlConnection conn, NewSession session) {
    String sql = "INSERT INTO account.sessions (id, family_id, user_id, token_hash, expires_at, client_ip, user_agent)"
        + " VALUES ($1, $2, $3, $4, now() + $5::bigint * interval '1 second', $6, $7)";
    NewToken token = session.firstToken();
    return conn.preparedQuery(sql).execute(Tuple.of(token.tokenId(), session.sessionId(), session.userId(),
        Buffer.buffer(token.tokenHash()), (long) token.ttlSeconds(), token.clientIp().orElse(null),
        token.userAgent().orElse(null))).mapEmpty();
  }

  /** Revokes every unrevoked token of the session; answers how many. */
  private static Future<Integer> revokeFamily(SqlConnection conn, UUID sessionId, String reason) {
    return conn.preparedQuery("UPDATE account.sessions SET revoked_at = now(), revoked_reason = $2"
            + " WHERE family_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(sessionId, reason)).map(RowSet::rowCount);
  }
}
