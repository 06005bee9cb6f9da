package io.emporium.user.domain;

import java.util.UUID;

/** A session that logout found: whose it was and whether it was still live before. */
public record SessionEnd(UUID userId, UUID sessionId, boolean wasLive) {}
