package io.emporium.platform.outbox;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The zero-setup outbox: one per service and JVM, every method synchronized (relays of several
 * instances run on different event loops). Not durable, like the rest of the in-memory store.
 */
public final class InMemoryOutboxStore implements OutboxStore {
  private final Map<UUID, Row> rows = new LinkedHashMap<>();

  /** Adds events; the service calls this inside the synchronized unit that makes its change. */
  public synchronized void append(List<OutboxEvent> events) {
    Instant now = Instant.now();
    for (OutboxEvent event : events) {
      rows.put(event.id(), new Row(event, now));
    }
  }

  @Override
  public synchronized Future<List<ClaimedEvent>> claim(String owner, int limit, long leaseMs) {
    Instant now = Instant.now();
    List<ClaimedEvent> claimed = new ArrayList<>();
    rows.values().stream()
        .filter(r -> r.status == OutboxStatus.PENDING && !r.nextAttemptAt.isAfter(now)
            && (r.leaseUntil == null || !r.leaseUntil.isAfter(now)))
        .sorted(Comparator.comparing((Row r) -> r.nextAttemptAt).thenComparing(r -> r.event.occurredAt()))
        .limit(limit)
        .forEach(r -> {
          r.attempts++;
          r.leaseOwner = owner;
          r.leaseUntil = now.plus(Duration.ofMillis(leaseMs));
          claimed.add(new ClaimedEvent(r.event, r.attempts, owner));
        });
    return Future.succeededFuture(claimed);
  }

  @Override
  public synchronized Future<Boolean> markDelivered(ClaimedEvent claimed) {
    Row row = leasedBy(claimed);
    if (row == null) {
      return Future.succeededFuture(false);
    }
    row.status = OutboxStatus.DELIVERED;
    row.deliveredAt = Instant.now();
    row.lastError = null;
    row.clearLease();
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Optional<OutboxStatus>> markFailed(ClaimedEvent claimed, String error, int maxAttempts,
      long retryDelayMs) {
    Row row = leasedBy(claimed);
    if (row == null) {
      return Future.succeededFuture(Optional.empty());
    }
    row.status = row.attempts >= maxAttempts ? OutboxStatus.DEAD : OutboxStatus.PENDING;
    row.nextAttemptAt = Instant.now().plus(Duration.ofMillis(retryDelayMs));
    row.lastError = PgOutboxStore.clip(error);
    row.clearLease();
    return Future.succeededFuture(Optional.of(row.status));
  }

  @Override
  public synchronized Future<Integer> release(String owner) {
    int released = 0;
    for (Row row : rows.values()) {
      if (row.status == OutboxStatus.PENDING && owner.equals(row.leaseOwner)) {
        row.clearLease();
        released++;
      }
    }
    return Future.succeededFuture(released);
  }

  @Override
  public synchronized Future<Integer> purgeDelivered(Instant deliveredBefore, int limit) {
    List<UUID> due = rows.values().stream()
        .filter(r -> r.status == OutboxStatus.DELIVERED && r.deliveredAt.isBefore(deliveredBefore))
        .sorted(Comparator.comparing((Row r) -> r.deliveredAt))
        .limit(limit)
        .map(r -> r.event.id())
        .toList();
    due.forEach(rows::remove);
    return Future.succeededFuture(due.size());
  }

  @Override
  public synchronized Future<Optional<OutboxRecord>> find(UUID id) {
    Row row = rows.get(id);
    return Future.succeededFuture(Optional.ofNullable(row).map(Row::toRecord));
  }

  @Override
  public synchronized Future<OutboxStats> stats() {
    Instant now = Instant.now();
    long pending = 0;
    long delivered = 0;
    long dead = 0;
    long retried = 0;
    Instant oldestPending = null;
    for (Row row : rows.values()) {
      switch (row.status) {
        case PENDING -> {
          pending++;
          if (oldestPending == null || row.event.occurredAt().isBefore(oldestPending)) {
            oldestPending = row.event.occurredAt();
          }
        }
        case DELIVERED -> delivered++;
        case DEAD -> dead++;
      }
      if (row.attempts > 1) {
        retried++;
      }
    }
    long age = oldestPending == null ? 0 : Math.max(0, Duration.between(oldestPending, now).toSeconds());
    return Future.succeededFuture(new OutboxStats(pending, delivered, dead, retried, age));
  }

  private Row leasedBy(ClaimedEvent claimed) {
    Row row = rows.get(claimed.event().id());
    return row != null && row.status == OutboxStatus.PENDING && claimed.owner().equals(row.leaseOwner) ? row : null;
  }

  private static final class Row {
    final OutboxEvent event;
    OutboxStatus status = OutboxStatus.PENDING;
    int attempts;
    Instant nextAttemptAt;
    String leaseOwner;
    Instant leaseUntil;
    String lastError;
    Instant deliveredAt;

    Row(OutboxEvent event, Instant now) {
      this.event = event;
      this.nextAttemptAt = now;
    }

    void clearLease() {
      leaseOwner = null;
      leaseUntil = null;
    }

    OutboxRecord toRecord() {
      return new OutboxRecord(event, status, attempts, nextAttemptAt, Optional.ofNullable(leaseOwner),
          Optional.ofNullable(lastError));
    }
  }
}
