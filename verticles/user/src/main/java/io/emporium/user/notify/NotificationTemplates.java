package io.emporium.user.notify;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Turns a user event (the outbox envelope {"id","type","occurredAt","payload"}) into the mail its user
 * should get; events nobody is told about answer empty. Texts are plain and carry no secret.
 */
public final class NotificationTemplates {
  private NotificationTemplates() {}

  public static Optional<Notification> forEvent(JsonObject envelope) {
    if (!(envelope.getValue("id") instanceof String id) || !(envelope.getValue("type") instanceof String type)
        || !(envelope.getValue("payload") instanceof JsonObject payload)
        || !(payload.getValue("email") instanceof String email)) {
      return Optional.empty();
    }
    String name = payload.getValue("name") instanceof String n ? n : "there";
    String userId = payload.getValue("userId") instanceof String u ? u : null;
    String greeting = "Hello " + name + ",\n\n";
    String footer = "\n\nIf this was not you, contact support at once.\n-- Emporium";
    return switch (type) {
      case "user.registered" -> Optional.of(new Notification(id, userId, email, "Welcome to Emporium",
          greeting + "your Emporium account is ready. Welcome!\n-- Emporium"));
      case "user.password_changed" -> Optional.of(new Notification(id, userId, email, "Your Emporium password was changed",
          greeting + "the password of your account was just changed; your other sessions were signed out." + footer));
      case "user.email_changed" -> payload.getValue("previousEmail") instanceof String previous
          ? Optional.of(new Notification(id, userId, previous, "Your Emporium email address was changed",
              greeting + "the email address of your account was changed to " + email + "." + footer))
          : Optional.empty();
      case "user.role_changed" -> Optional.of(new Notification(id, userId, email, "Your Emporium role changed",
          greeting + "your account's role is now '" + payload.getValue("role") + "'." + footer));
      case "user.disabled" -> Optional.of(new Notification(id, userId, email, "Your Emporium account was disabled",
          greeting + "your account was disabled by an administrator.\n-- Emporium"));
      case "user.enabled" -> Optional.of(new Notification(id, userId, email, "Your Emporium account is active again",
          greeting + "your account was enabled again by an administrator.\n-- Emporium"));
      default -> Optional.empty();
    };
  }
}
