package io.emporium.gateway.outbox;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Every service's outbox in one answer: per service its figures (or why they could not be read), and
 * totals over the outboxes that were read ({@code oldestPendingAgeSeconds} is the oldest of them).
 * {@code complete} is false and {@code unreadable} names the services when one could not be read.
 */
final class OutboxReport {
  private static final List<String> SUMMED = List.of("pending", "delivered", "dead", "retried");
  private static final String OLDEST = "oldestPendingAgeSeconds";

  private OutboxReport() {}

  /** One service's read: its figures, or the error that stopped it. */
  record Read(ServiceName service, Optional<JsonObject> stats, Optional<ServiceError> error) {
    static Read of(ServiceName service, JsonObject stats) {
      return new Read(service, Optional.of(stats), Optional.empty());
    }

    static Read failed(ServiceName service, ServiceError error) {
      return new Read(service, Optional.empty(), Optional.of(error));
    }
  }

  /** What to answer: the report, or an error instead of it. */
  sealed interface Outcome permits Report, Refusal {}

  record Report(JsonObject body) implements Outcome {}

  record Refusal(ServiceError error) implements Outcome {}

  /**
   * The report; or, instead, an error about the caller (a service refused it, as for an admin who no
   * longer is one), or UNAVAILABLE when no outbox at all could be read.
   */
  static Outcome of(List<Read> reads) {
    Optional<ServiceError> refusal = reads.stream().flatMap(r -> r.error().stream())
        .filter(e -> !e.code().isFailureOfService()).findFirst();
    if (refusal.isPresent()) {
      return new Refusal(refusal.get());
    }
    if (reads.stream().allMatch(r -> r.stats().isEmpty())) {
      return new Refusal(ServiceError.of(ErrorCode.UNAVAILABLE, "no outbox could be read: " + reasons(reads)));
    }
    JsonObject totals = new JsonObject();
    SUMMED.forEach(field -> totals.put(field, 0L));
    totals.put(OLDEST, 0L);
    JsonObject outboxes = new JsonObject();
    JsonArray unreadable = new JsonArray();
    for (Read read : reads) {
      String name = read.service().wireName();
      if (read.stats().isPresent()) {
        JsonObject stats = read.stats().get();
        outboxes.put(name, stats);
        SUMMED.forEach(field -> totals.put(field, totals.getLong(field) + figure(stats, field)));
        totals.put(OLDEST, Math.max(totals.getLong(OLDEST), figure(stats, OLDEST)));
      } else {
        ServiceError error = read.error().orElseThrow();
        outboxes.put(name, new JsonObject().put("error", new JsonObject().put("code", error.code().name())
            .put("detail", error.message())));
        unreadable.add(name);
      }
    }
    return new Report(totals.put("complete", unreadable.isEmpty()).put("unreadable", unreadable)
        .put("outboxes", outboxes));
  }

  private static long figure(JsonObject stats, String field) {
    return stats.getValue(field) instanceof Number n ? n.longValue() : 0L;
  }

  private static String reasons(List<Read> reads) {
    return String.join(", ", reads.stream().map(r -> r.service().wireName() + " ("
        + r.error().map(e -> e.code().name()).orElse("?") + ")").toList());
  }
}
