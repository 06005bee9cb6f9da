package io.emporium.gateway.policy.cache;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collection;

/**
 * What the cache policy needs of one request, whichever way it came: through the router (a routing
 * context) or the cache lane (the bare request). The policy decides the same way for both.
 */
public interface CacheExchange {
  HttpServerRequest request();

  /** The fields the client selected (they tag a version's answer), or null. */
  Collection<String> fields();

  /** The cache's result (HIT, MISS, BYPASS): in the answer's X-Cache header and the request log. */
  void result(String result);

  /** Runs once the response has ended or its connection closed; at once when that has happened already. */
  void onEnd(Runnable action);

  /** Calls the backend; its successful 200 answer goes out (and is stored, on a miss) through {@code answer}. */
  void proceed(Answer answer);

  /** Writes a cacheable route's successful answer. */
  @FunctionalInterface
  interface Answer {
    /** @param version the reply's numeric version (tags the answer on a versioned route), or null */
    void send(Long version, Buffer body);
  }
}
