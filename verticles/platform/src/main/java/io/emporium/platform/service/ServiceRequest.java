package io.emporium.platform.service;

import io.emporium.contract.Headers;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A request as a service handler sees it: the JSON body, who asked, and from where (the client's
 * address and user agent as the gateway saw them, for audit; both cut to a sane length).
 */
public record ServiceRequest(JsonObject body, String requestId, Optional<String> callerId, Set<String> callerRoles,
    Optional<String> clientIp, Optional<String> userAgent) {
  static final int MAX_CLIENT_IP = 64;
  static final int MAX_USER_AGENT = 256;

  /** A request without client details (tests, internal callers). */
  public ServiceRequest(JsonObject body, String requestId, Optional<String> callerId, Set<String> callerRoles) {
    this(body, requestId, callerId, callerRoles, Optional.empty(), Optional.empty());
  }

  static ServiceRequest of(JsonObject body, MultiMap headers) {
    String roles = headers.get(Headers.CALLER_ROLES);
    return new ServiceRequest(body,
        Optional.ofNullable(headers.get(Headers.REQUEST_ID)).orElse("-"),
        Optional.ofNullable(headers.get(Headers.CALLER_ID)),
        roles == null || roles.isBlank() ? Set.of()
            : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toSet()),
        clipped(headers.get(Headers.CLIENT_IP), MAX_CLIENT_IP),
        clipped(headers.get(Headers.USER_AGENT), MAX_USER_AGENT));
  }

  private static Optional<String> clipped(String value, int max) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String clean = withoutControls(value).trim();
    return Optional.of(clean.length() > max ? clean.substring(0, max) : clean).filter(v -> !v.isEmpty());
  }

  /** The value without control characters (as {@code \\p{Cntrl}}): a scan, since this runs on every call. */
  static String withoutControls(String value) {
    int first = 0;
    while (first < value.length() && !isControl(value.charAt(first))) {
      first++;
    }
    if (first == value.length()) {
      return value;
    }
    StringBuilder clean = new StringBuilder(value.length()).append(value, 0, first);
    for (int i = first + 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isControl(c)) {
        clean.append(c);
      }
    }
    return clean.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f;
  }
}
