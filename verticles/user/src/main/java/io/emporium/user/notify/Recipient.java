package io.emporium.user.notify;

/** Whom a notification about an account goes to: the account's id, its email address and name. */
public record Recipient(String userId, String email, String name) {}
