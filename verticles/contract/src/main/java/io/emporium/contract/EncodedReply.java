package io.emporium.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A successful reply as the service encoded it: its compact JSON bytes, and the numeric {@code version}
 * of the answer when it has one (null otherwise), carried beside the bytes so that an entity tag needs
 * no parse. The gateway writes such a reply as it came (see {@link Headers#REPLY_FORM}).
 */
public record EncodedReply(Buffer body, Long version) {
  /** Encodes a JSON reply (a service that answered a JSON object, or a local caller). */
  public static EncodedReply of(JsonObject reply) {
    return new EncodedReply(reply.toBuffer(), versionOf(reply));
  }

  /** The version an encoded reply's header gives, or null when it has none or it is not a number. */
  public static Long parseVersion(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Long.parseLong(header);
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  /** The reply decoded (for a caller that must look inside after all: field selection, comparisons). */
  public JsonObject toJson() {
    return new JsonObject(body);
  }

  private static Long versionOf(JsonObject reply) {
    return reply.getValue("version") instanceof Number version ? version.longValue() : null;
  }
}
