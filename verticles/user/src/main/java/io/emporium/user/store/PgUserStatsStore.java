package io.emporium.user.store;

import io.emporium.user.domain.UserStats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The admin statistics, three reads (totals, sign-ups per day, logins) run side by side. */
final class PgUserStatsStore implements UserStatsStore {
  private final PgUserDatabase db;

  PgUserStatsStore(PgUserDatabase db) {
    this.db = db;
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
    Future<RowSet<Row>> t = db.pool().query(totals).execute();
    Future<RowSet<Row>> d = db.pool().preparedQuery(perDay).execute(range);
    Future<RowSet<Row>> l = db.pool().preparedQuery(logins).execute(range);
    return db.run("user.stats", Future.all(t, d, l).map(all -> t.result())).map(rows -> {
      Row total = rows.iterator().next();
      Row login = l.result().iterator().next();
      List<UserStats.DailyCount> days = new ArrayList<>();
      d.result().forEach(row -> days.add(new UserStats.DailyCount(row.getLocalDate("day"), row.getLong("signups"))));
      return new UserStats(from, to, total.getLong("users"), total.getLong("active"), total.getLong("disabled"),
          total.getLong("admins"), days, total.getLong("active24h"), total.getLong("active7d"),
          login.getLong("succeeded"), login.getLong("failed"));
    });
  }
}
