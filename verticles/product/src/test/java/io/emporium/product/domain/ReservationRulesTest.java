package io.emporium.product.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.product.audit.AuditAction;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The table of reservation steps both stores carry out, without a store. */
class ReservationRulesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final List<ReservationItem> ITEMS = List.of(new ReservationItem(UUID.randomUUID(), 2));

  @Test
  void heldMovesOnceToConfirmedReleasedOrExpiredAndOnlyReleaseAndExpiryGiveStockBack() {
    assertMoved(ReservationRules.confirm(held(NOW.plusSeconds(60)), NOW), ReservationStatus.CONFIRMED,
        AuditAction.STOCK_CONFIRM, false);
    assertMoved(ReservationRules.release(held(NOW.plusSeconds(60)), NOW), ReservationStatus.RELEASED,
        AuditAction.STOCK_RELEASE, true);
    assertMoved(ReservationRules.expire(held(NOW), NOW), ReservationStatus.EXPIRED, AuditAction.STOCK_EXPIRE, true);
  }

  @Test
  void onlyAConfirmedReservationIsReturned() {
    assertMoved(ReservationRules.returnSold(in(ReservationStatus.CONFIRMED), NOW), ReservationStatus.RETURNED,
        AuditAction.STOCK_RETURN, true);
    for (ReservationStatus status : List.of(ReservationStatus.HELD, ReservationStatus.RELEASED,
        ReservationStatus.EXPIRED)) {
      assertRefused(ReservationRules.returnSold(in(status), NOW), "status");
    }
  }

  @Test
  void askingAgainForTheStateItIsInAnswersItUnchanged() {
    assertUnchanged(ReservationRules.confirm(in(ReservationStatus.CONFIRMED), NOW));
    assertUnchanged(ReservationRules.release(in(ReservationStatus.RELEASED), NOW));
    assertUnchanged(ReservationRules.release(in(ReservationStatus.EXPIRED), NOW));
    assertUnchanged(ReservationRules.returnSold(in(ReservationStatus.RETURNED), NOW));
  }

  @Test
  void everyOtherMoveIsAConflict() {
    assertRefused(ReservationRules.confirm(held(NOW), NOW), null);
    for (ReservationStatus status : List.of(ReservationStatus.RELEASED, ReservationStatus.EXPIRED,
        ReservationStatus.RETURNED)) {
      assertRefused(ReservationRules.confirm(in(status), NOW), null);
    }
    assertRefused(ReservationRules.release(in(ReservationStatus.CONFIRMED), NOW), null);
    assertRefused(ReservationRules.release(in(ReservationStatus.RETURNED), NOW), null);
  }

  @Test
  void onlyAHeldReservationWhoseTimeHasComeIsDue() {
    assertThat(ReservationRules.due(held(NOW), NOW)).isTrue();
    assertThat(ReservationRules.due(held(NOW.plusNanos(1000)), NOW)).isFalse();
    assertThat(ReservationRules.due(in(ReservationStatus.CONFIRMED), NOW.plusSeconds(3600))).isFalse();
    assertUnchanged(ReservationRules.expire(held(NOW.plusSeconds(1)), NOW));
  }

  @Test
  void theSameIdWithTheSameItemsAnswersTheStoredReservationAndWithOthersConflicts() {
    Reservation stored = in(ReservationStatus.CONFIRMED);
    assertThat(ReservationRules.askedAgain(stored, new ReservationRequest(stored.id(), ITEMS, NOW)))
        .isEqualTo(new ReservationStep.Unchanged(stored));
    ReservationRequest other = new ReservationRequest(stored.id(), List.of(new ReservationItem(UUID.randomUUID(), 1)),
        NOW);
    assertRefused(ReservationRules.askedAgain(stored, other), "reservationId");
  }

  private static Reservation held(Instant expiresAt) {
    return new Reservation(UUID.randomUUID(), ReservationStatus.HELD, ITEMS, expiresAt, NOW.minusSeconds(60),
        NOW.minusSeconds(60));
  }

  private static Reservation in(ReservationStatus status) {
    return held(NOW.plusSeconds(60)).withStatus(status, NOW.minusSeconds(30));
  }

  private static void assertMoved(ReservationStep step, ReservationStatus to, AuditAction action, boolean stockBack) {
    assertThat(step).isInstanceOf(ReservationStep.Moved.class);
    ReservationStep.Moved moved = (ReservationStep.Moved) step;
    assertThat(moved.after().status()).isEqualTo(to);
    assertThat(moved.after().updatedAt()).isEqualTo(NOW);
    assertThat(moved.action()).isEqualTo(action);
    assertThat(moved.givesStockBack()).isEqualTo(stockBack);
    assertThat(moved.change(List.of()).action()).isEqualTo(action);
  }

  private static void assertUnchanged(ReservationStep step) {
    assertThat(step).isInstanceOf(ReservationStep.Unchanged.class);
  }

  private static void assertRefused(ReservationStep step, String field) {
    assertThat(step).isInstanceOf(ReservationStep.Refused.class);
    ReservationStep.Refused refused = (ReservationStep.Refused) step;
    assertThat(refused.error().code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(refused.error().field()).isEqualTo(field);
  }
}
