package io.emporium.user.domain;

import java.util.UUID;

/**
 * A session a login opens, with its first refresh token. The session id is the family of its tokens:
 * each rotation adds a token to it, and revoking a session revokes the whole family.
 */
public record NewSession(UUID sessionId, UUID userId, NewToken firstToken) {}
