package io.emporium.contract;

/** Event-bus message headers that are part of the contract. */
public final class Headers {
  /** The action's wire name; required on every request. */
  public static final String ACTION = "action";
  /** Correlates a request across the gateway, the bus and the service logs. */
  public static final String REQUEST_ID = "request-id";
  /** Id of the authenticated caller, set by the gateway after verifying a token; absent for anonymous calls. */
  public static final String CALLER_ID = "caller-id";
  /** Comma-separated roles of the authenticated caller. */
  public static final String CALLER_ROLES = "caller-roles";
  /** When the caller signature stops being valid, in epoch milliseconds (set with the caller headers). */
  public static final String CALLER_EXPIRES = "caller-expires";
  /** HMAC-SHA256 of the caller, roles, action and expiry with the cluster secret (EVENT-BUS-CONTRACT.md). */
  public static final String CALLER_SIGNATURE = "caller-signature";

  /** The client's address as the gateway saw it, for audit ("from where"). */
  public static final String CLIENT_IP = "client-ip";
  /** The client's User-Agent, for audit and session lists. */
  public static final String USER_AGENT = "user-agent";

  /**
   * On a request: {@value #ENCODED} asks for the successful reply as the JSON bytes the service encoded (a
   * Buffer) instead of a JSON object, so a caller that only passes the answer on (the gateway's reads)
   * neither decodes nor re-encodes it. A service that does not know the header answers a JSON object,
   * which the caller encodes itself: the header is a request, never a requirement.
   */
  public static final String REPLY_FORM = "reply-form";
  /** The value of {@link #REPLY_FORM} that asks for encoded bytes. */
  public static final String ENCODED = "encoded";
  /** On an encoded reply: the numeric {@code version} field of the answer, when it has one (for entity tags). */
  public static final String ENTITY_VERSION = "entity-version";

  private Headers() {}
}
