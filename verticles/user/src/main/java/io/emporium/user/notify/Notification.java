package io.emporium.user.notify;

/**
 * One message to one person. {@code eventId} names the outbox event it comes from, {@code userId} the
 * account it is about (what logs name: never the address).
 */
public record Notification(String eventId, String userId, String to, String subject, String text) {
  /** A message about no account in particular (tests, or an event without a user id). */
  public Notification(String eventId, String to, String subject, String text) {
    this(eventId, null, to, subject, text);
  }
}
