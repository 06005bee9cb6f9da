package io.emporium.user.domain;

/** What an update did: the user before and after, and how many sessions it revoked. */
public record UserUpdate(User before, User after, int revokedSessions) {}
