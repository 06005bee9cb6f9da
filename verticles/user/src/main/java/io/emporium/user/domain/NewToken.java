package io.emporium.user.domain;

import java.util.Optional;
import java.util.UUID;

/** A refresh token to store: only its SHA-256 hash is kept; the store computes the expiry from its own clock. */
public record NewToken(UUID tokenId, byte[] tokenHash, int ttlSeconds, Optional<String> clientIp,
    Optional<String> userAgent) {

  @Override
  public String toString() {
    return "NewToken[tokenId=" + tokenId + "]";
  }
}
