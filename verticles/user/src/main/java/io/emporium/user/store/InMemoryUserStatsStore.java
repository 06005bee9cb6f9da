package io.emporium.user.store;

import io.emporium.platform.audit.AuditRecord;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserStats;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The admin statistics over the in-memory tables, read under their lock. */
final class InMemoryUserStatsStore implements UserStatsStore {
  private final InMemoryUserTables tables;

  InMemoryUserStatsStore(InMemoryUserTables tables) {
    this.tables = tables;
  }

  @Override
  public Future<UserStats> stats(LocalDate from, LocalDate to) {
    synchronized (tables) {
      Instant now = Instant.now();
      List<User> users = List.copyOf(tables.users.values());
      Map<LocalDate, Long> signUps = new HashMap<>();
      users.forEach(u -> signUps.merge(LocalDate.ofInstant(u.createdAt(), ZoneOffset.UTC), 1L, Long::sum));
      List<UserStats.DailyCount> perDay = from.datesUntil(to.plusDays(1))
          .map(d -> new UserStats.DailyCount(d, signUps.getOrDefault(d, 0L))).toList();
      Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      List<AuditRecord<AuditAction>> log = tables.effects.log().records();
      Predicate<AuditRecord<AuditAction>> inRange = r -> !r.at().isBefore(start) && r.at().isBefore(end);
      return Future.succeededFuture(new UserStats(from, to, users.size(),
          users.stream().filter(User::isActive).count(),
          users.stream().filter(u -> !u.isActive()).count(),
          users.stream().filter(User::isAdmin).count(),
          perDay,
          tables.lastSeen.values().stream().filter(t -> t.isAfter(now.minus(Duration.ofHours(24)))).count(),
          tables.lastSeen.values().stream().filter(t -> t.isAfter(now.minus(Duration.ofDays(7)))).count(),
          log.stream().filter(inRange).filter(r -> r.entry().action() == AuditAction.LOGIN_SUCCESS).count(),
          log.stream().filter(inRange).filter(r -> r.entry().action() == AuditAction.LOGIN_FAILURE)
              .count()));
    }
  }
}
