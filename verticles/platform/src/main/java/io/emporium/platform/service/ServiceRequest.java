package io.emporium.platform.service;

import io.emporium.platform.contract.Headers;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A request as a service handler sees it: the JSON body and who asked. */
public record ServiceRequest(JsonObject body, String requestId, Optional<String> callerId, Set<String> callerRoles) {

  static ServiceRequest of(JsonObject body, MultiMap headers) {
    String roles = headers.get(Headers.CALLER_ROLES);
    return new ServiceRequest(body,
        Optional.ofNullable(headers.get(Headers.REQUEST_ID)).orElse("-"),
        Optional.ofNullable(headers.get(Headers.CALLER_ID)),
        roles == null || roles.isBlank() ? Set.of()
            : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toSet()));
  }
}
