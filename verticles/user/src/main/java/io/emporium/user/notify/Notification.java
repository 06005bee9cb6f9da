package io.emporium.user.notify;

/** One message to one person. {@code eventId} names the outbox event it comes from. */
public record Notification(String eventId, String to, String subject, String text) {}
