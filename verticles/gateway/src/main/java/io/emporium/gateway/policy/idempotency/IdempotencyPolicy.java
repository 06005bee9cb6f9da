package io.emporium.gateway.policy.idempotency;

import io.emporium.contract.ErrorCode;
import io.emporium.gateway.http.IdempotentAnswers;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.policy.idempotency.IdempotencyMeters.Outcome;
import io.emporium.gateway.security.Authentication;
import io.emporium.platform.security.Identity;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The key policy of one write route, after the contract check (a malformed request is refused before it
 * can claim a key) and before the handler: the first request with a key claims it and runs; the same
 * request again gets the first answer replayed; while the first still runs, 409 with Retry-After (not a
 * wait: the map has no way to tell a waiter when the answer lands, and polling it from an event loop
 * would hold a connection and a timer per waiting client); the key with another request, 422.
 */
final class IdempotencyPolicy implements Policy {
  static final String IN_PROGRESS = "IDEMPOTENCY_KEY_IN_PROGRESS";
  static final String REUSED = "IDEMPOTENCY_KEY_REUSED";
  /** The first request usually answers within a bus timeout; a second later is a fair first retry. */
  static final String RETRY_AFTER_SECONDS = "1";
  private final IdempotencyKeys keys;
  private final String route;

  IdempotencyPolicy(IdempotencyKeys keys, String route) {
    this.keys = keys;
    this.route = route;
  }

  @Override
  public void apply(RoutingContext ctx, Handler<RoutingContext> next) {
    String key = ctx.request().getHeader(KeyRules.HEADER_NAME);
    if (key == null) {
      next.handle(ctx);
      return;
    }
    Optional<String> problem = KeyRules.problem(key);
    if (problem.isPresent()) {
      Problems.send(ctx, 400, ErrorCode.VALIDATION.name(), problem.get(), KeyRules.HEADER);
      return;
    }
    Optional<Identity> caller = Authentication.identity(ctx);
    if (caller.isEmpty()) {
      next.handle(ctx); // not reached: the policy is on signed-in routes only (see IdempotencyKeys)
      return;
    }
    String storeKey = caller.get().userId() + " " + key;
    KeyRecord pending = new KeyRecord(Fingerprint.of(ctx.request().method(), ctx.request().uri(), ctx.body().buffer()),
        Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime()), null);
    String pendingText = pending.encode();
    keys.store().claim(storeKey, pendingText, keys.claimTtlMs()).onComplete(claimed -> {
      if (claimed.failed()) {
        // Fail closed: running the write without its key could run it twice, which the key exists to prevent.
        keys.meters().count(Outcome.UNAVAILABLE);
        Problems.send(ctx, 503, ErrorCode.UNAVAILABLE.name(),
            "the store of idempotency keys did not answer; the write was not run", KeyRules.HEADER);
      } else if (claimed.result().isEmpty()) {
        keys.meters().count(Outcome.FIRST);
        ctx.put(IdempotentAnswers.KEY, new Recording(keys, storeKey, pending, pendingText));
        next.handle(ctx);
      } else {
        answerFromRecord(ctx, pending, claimed.result().get());
      }
    });
  }

  private void answerFromRecord(RoutingContext ctx, KeyRecord request, KeyRecord stored) {
    if (!stored.fingerprint().equals(request.fingerprint())) {
      keys.meters().count(Outcome.REUSED);
      Problems.send(ctx, 422, REUSED, KeyRules.HEADER + " was used with another request (method, path or body) to "
          + route + "; use a new key for a new request", KeyRules.HEADER);
    } else if (stored.running()) {
      keys.meters().count(Outcome.IN_PROGRESS);
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
      Problems.send(ctx, 409, IN_PROGRESS, "the first request with this " + KeyRules.HEADER
          + " is still running; retry after Retry-After seconds to get its answer", KeyRules.HEADER);
    } else {
      keys.meters().count(Outcome.REPLAYED);
      replay(ctx.response(), stored.answer());
    }
  }

  /** The first answer again: its status, body and the headers that describe it, marked as a replay. */
  private static void replay(HttpServerResponse response, StoredAnswer answer) {
    if (response.closed() || response.ended()) {
      return;
    }
    response.setStatusCode(answer.status()).putHeader(KeyRules.REPLAYED, "true").putHeader("Cache-Control", "no-store");
    if (answer.contentType() != null) {
      response.putHeader("Content-Type", answer.contentType());
    }
    if (answer.location() != null) {
      response.putHeader("Location", answer.location());
    }
    if (answer.etag() != null) {
      response.putHeader("ETag", answer.etag());
    }
    if (answer.body().length() == 0) {
      response.end();
    } else {
      response.end(answer.body());
    }
  }
}
