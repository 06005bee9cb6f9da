package io.emporium.user.domain;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * What erasing an account's personal data did (see {@code UserRepository.erase}): the account keeps its
 * id (audit entries, orders of other services and events refer to it), nothing else that names a person.
 *
 * @param user the account as it is now (pseudonymous email and name, no password, disabled)
 * @param sessionsDeleted refresh tokens deleted (with the client addresses and user agents they recorded)
 * @param auditEntriesPseudonymised audit entries that lost their client address, user agent and emails
 */
public record Erasure(User user, int sessionsDeleted, int auditEntriesPseudonymised) {
  /** The name an erased account is left with. */
  public static final String ERASED_NAME = "Erased user";
  /** Detail keys of audit entries that may hold an email or a name. */
  static final String[] PERSONAL_DETAILS = {"email", "previousEmail", "name"};

  /** The address an erased account is left with: unique, and of a domain that can never receive mail. */
  public static String erasedEmail(UUID id) {
    return "erased-" + id + "@erased.invalid";
  }

  /** The answer of {@code user.admin.erase}. */
  public JsonObject toJson() {
    return new JsonObject().put("id", user.id().toString()).put("status", user.toPublicJson().getValue("status"))
        .put("sessionsDeleted", sessionsDeleted).put("auditEntriesPseudonymised", auditEntriesPseudonymised);
  }

  /** {@code details} without the keys that may name a person. */
  public static JsonObject withoutPersonalDetails(JsonObject details) {
    JsonObject copy = details.copy();
    for (String key : PERSONAL_DETAILS) {
      copy.remove(key);
    }
    return copy;
  }
}
