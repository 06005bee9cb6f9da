package io.emporium.gateway.policy.idempotency;

import io.emporium.gateway.http.IdempotentAnswers;
import io.emporium.gateway.policy.idempotency.IdempotencyMeters.Outcome;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed write this gateway is running: when its answer is written, a final answer replaces the claim
 * (kept for the key's time to live) and any other lets the key go, so a retry runs the write again.
 */
final class Recording implements IdempotentAnswers.Recorder {
  private static final Logger LOG = LoggerFactory.getLogger(Recording.class);
  private final IdempotencyKeys keys;
  private final String key;
  private final KeyRecord pending;
  private final String pendingText;
  private boolean answered;

  Recording(IdempotencyKeys keys, String key, KeyRecord pending, String pendingText) {
    this.keys = keys;
    this.key = key;
    this.pending = pending;
    this.pendingText = pendingText;
  }

  /** The answer of the write; only the first counts (an error after a written answer changes nothing). */
  @Override
  public void answered(int status, String contentType, String location, String etag, Buffer body) {
    if (answered) {
      return;
    }
    answered = true;
    StoredAnswer answer = new StoredAnswer(status, contentType, location, etag, body);
    if (answer.isFinal()) {
      keys.store().complete(key, pending.answered(answer).encode(), keys.keyTtlMs()).onFailure(e ->
          // the claim stays until its own time to live: retries meanwhile get 409, then run again
          LOG.warn("the answer of a keyed write was not stored ({}); its key is held until the claim expires",
              e.getMessage()));
      return;
    }
    keys.meters().count(Outcome.RELEASED);
    keys.store().release(key, pendingText).onFailure(e ->
        LOG.warn("a keyed write's key was not released ({}); it is held until the claim expires", e.getMessage()));
  }
}
