package io.emporium.platform.mesh;

import java.util.Optional;
import java.util.Set;

/** Who is calling and on behalf of which request; travels in the message headers. */
public record CallContext(String requestId, Optional<String> callerId, Set<String> callerRoles) {

  public static CallContext anonymous(String requestId) {
    return new CallContext(requestId, Optional.empty(), Set.of());
  }
}
