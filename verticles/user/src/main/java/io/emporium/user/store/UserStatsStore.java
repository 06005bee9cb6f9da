package io.emporium.user.store;

import io.emporium.user.domain.UserStats;
import io.vertx.core.Future;
import java.time.LocalDate;

/** The admin statistics: a read over the accounts, their last activity and the login audit entries. */
public interface UserStatsStore {

  Future<UserStats> stats(LocalDate from, LocalDate to);
}
