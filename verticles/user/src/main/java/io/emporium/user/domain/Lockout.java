package io.emporium.user.domain;

/** An email's failed-login streak after one more failure, and how long it is now locked (0: not). */
public record Lockout(int failures, long lockedSeconds) {}
