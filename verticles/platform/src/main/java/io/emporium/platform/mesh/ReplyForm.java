package io.emporium.platform.mesh;

import io.emporium.contract.EncodedReply;
import io.emporium.contract.Headers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The form a call's successful reply comes back in: a JSON object, or the bytes the service encoded
 * ({@link EncodedReply}) for a caller that passes the answer on as it is. Either form is read from
 * either body, so a service that ignores the request (an older version in a rolling upgrade) still works.
 */
public final class ReplyForm<T> {
  /** A JSON object (a reply sent as bytes is decoded). */
  public static final ReplyForm<JsonObject> JSON = new ReplyForm<>(null, ReplyForm::asJson, reply -> reply);
  /** The service's encoded bytes (a reply sent as a JSON object is encoded here). */
  public static final ReplyForm<EncodedReply> ENCODED = new ReplyForm<>(Headers.ENCODED, ReplyForm::asEncoded,
      EncodedReply::toJson);

  private final String requested;
  private final Function<Message<Object>, T> read;
  private final Function<T, JsonObject> json;

  private ReplyForm(String requested, Function<Message<Object>, T> read, Function<T, JsonObject> json) {
    this.requested = requested;
    this.read = read;
    this.json = json;
  }

  /** The {@link Headers#REPLY_FORM} value that asks for this form, or null (the default form). */
  String requested() {
    return requested;
  }

  T read(Message<Object> reply) {
    return read.apply(reply);
  }

  /** The reply as JSON (a mirrored call compares answers in that form). */
  JsonObject toJson(T reply) {
    return json.apply(reply);
  }

  private static JsonObject asJson(Message<Object> reply) {
    Object body = reply.body();
    return body instanceof Buffer bytes ? new JsonObject(bytes) : (JsonObject) body;
  }

  private static EncodedReply asEncoded(Message<Object> reply) {
    Object body = reply.body();
    return body instanceof Buffer bytes
        ? new EncodedReply(bytes, EncodedReply.parseVersion(reply.headers().get(Headers.ENTITY_VERSION)))
        : body == null ? null : EncodedReply.of((JsonObject) body);
  }
}
