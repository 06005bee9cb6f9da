package io.emporium.user.events;

import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.user.domain.User;
import io.vertx.core.json.JsonObject;

/**
 * The domain events of the user service, written to its outbox and published on
 * {@code emporium.events.<type>}. Payloads carry ids and what a listener needs to act (the address to
 * notify), never a password or hash.
 */
public final class UserEvents {
  static final String REGISTERED = "user.registered";
  static final String EMAIL_CHANGED = "user.email_changed";
  static final String PASSWORD_CHANGED = "user.password_changed";
  static final String ROLE_CHANGED = "user.role_changed";
  static final String DISABLED = "user.disabled";
  static final String ENABLED = "user.enabled";

  private UserEvents() {}

  public static OutboxEvent registered(User user) {
    return OutboxEvent.of(REGISTERED, base(user).put("name", user.name()));
  }

  public static OutboxEvent emailChanged(User before, User after) {
    return OutboxEvent.of(EMAIL_CHANGED, base(after).put("name", after.name()).put("previousEmail", before.email()));
  }

  public static OutboxEvent passwordChanged(User user) {
    return OutboxEvent.of(PASSWORD_CHANGED, base(user).put("name", user.name()));
  }

  public static OutboxEvent roleChanged(User before, User after) {
    return OutboxEvent.of(ROLE_CHANGED, base(after).put("name", after.name()).put("role", after.role())
        .put("previousRole", before.role()));
  }

  public static OutboxEvent statusChanged(User user) {
    return OutboxEvent.of(user.isActive() ? ENABLED : DISABLED, base(user).put("name", user.name()));
  }

  private static JsonObject base(User user) {
    return new JsonObject().put("userId", user.id().toString()).put("email", user.email());
  }
}
