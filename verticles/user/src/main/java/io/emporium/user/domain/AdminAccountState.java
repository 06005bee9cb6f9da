package io.emporium.user.domain;

/** The bootstrap admin after an upsert: created now, or an existing account made admin. */
public record AdminAccountState(User user, boolean created) {}
