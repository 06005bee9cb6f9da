package io.emporium.platform.mesh;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling and on behalf of which request; travels in the message headers. The caller fields
 * are set by the gateway from a verified token only, never from what a client sent.
 *
 * @param forcedVariant a traffic-split variant (version) a tester asked for, bypassing the split
 * @param canary the canary version the request asked for (the service's canary takes it if it allows
 *     that, see {@code CanarySettings#byHeader})
 */
public record CallContext(String requestId, Optional<String> callerId, Set<String> callerRoles,
    Optional<String> clientIp, Optional<String> userAgent, Optional<String> forcedVariant, Optional<String> canary) {

  public CallContext {
    callerRoles = Set.copyOf(callerRoles);
  }

  public static CallContext anonymous(String requestId) {
    return new CallContext(requestId, Optional.empty(), Set.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  public CallContext withCaller(String callerId, Set<String> roles) {
    return new CallContext(requestId, Optional.of(callerId), roles, clientIp, userAgent, forcedVariant, canary);
  }

  public CallContext withClient(String ip, String agent) {
    return new CallContext(requestId, callerId, callerRoles, Optional.ofNullable(ip), Optional.ofNullable(agent),
        forcedVariant, canary);
  }

  public CallContext withForcedVariant(String variant) {
    return new CallContext(requestId, callerId, callerRoles, clientIp, userAgent, Optional.ofNullable(variant),
        canary);
  }

  public CallContext withCanary(String version) {
    return new CallContext(requestId, callerId, callerRoles, clientIp, userAgent, forcedVariant,
        Optional.ofNullable(version));
  }
}
