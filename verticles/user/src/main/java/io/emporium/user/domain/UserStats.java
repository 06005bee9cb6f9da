package io.emporium.user.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;

/**
 * Figures for admins, computed by the store (SQL aggregates on PostgreSQL). Days are UTC days; sign-ups
 * and logins count within [from, to] inclusive; active users are those who logged in or refreshed a
 * session in the last 24 hours / 7 days before now.
 */
public record UserStats(LocalDate from, LocalDate to, long users, long active, long disabled, long admins,
    List<DailyCount> signUpsPerDay, long activeLast24Hours, long activeLast7Days, long loginsSucceeded,
    long loginsFailed) {

  public record DailyCount(LocalDate date, long count) {}

  public UserStats {
    signUpsPerDay = List.copyOf(signUpsPerDay);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("from", from.toString())
        .put("to", to.toString())
        .put("totals", new JsonObject().put("users", users).put("active", active).put("disabled", disabled)
            .put("admins", admins))
        .put("signUpsPerDay", new JsonArray(signUpsPerDay.stream()
            .map(d -> new JsonObject().put("date", d.date().toString()).put("count", d.count())).toList()))
        .put("activeUsers", new JsonObject().put("last24Hours", activeLast24Hours).put("last7Days", activeLast7Days))
        .put("logins", new JsonObject().put("succeeded", loginsSucceeded).put("failed", loginsFailed));
  }
}
