package io.emporium.user.password;

/** The outcome of checking a password against a stored hash. */
public record PasswordCheck(boolean matches, boolean needsRehash) {}
