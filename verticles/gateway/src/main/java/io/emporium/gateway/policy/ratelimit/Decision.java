package io.emporium.gateway.policy.ratelimit;

/**
 * The answer to one check of all of a request's buckets. The headers describe the binding bucket
 * (the one with the fewest tokens left).
 *
 * @param resetSeconds seconds until the binding bucket is full again
 * @param retryAfterSeconds when refused, seconds until every refusing bucket has a token again
 */
public record Decision(boolean allowed, String policy, int limit, long remaining, long resetSeconds,
    long retryAfterSeconds) {

  static final Decision UNLIMITED = new Decision(true, "", 0, 0, 0, 0);

  boolean limited() {
    return !policy.isEmpty();
  }

  /** One bucket's state after the check, in the units of the RateLimit headers. */
  record BucketState(String policy, int burst, double tokens, double ratePerSecond) {
    long msUntilFull() {
      return (long) Math.ceil(Math.max(0, burst - tokens) / ratePerSecond * 1000);
    }

    long msUntilToken() {
      return (long) Math.ceil(Math.max(0, 1 - tokens) / ratePerSecond * 1000);
    }
  }

  /** Combines the buckets' states: allowed only if every bucket had a token. */
  static Decision of(boolean allowed, java.util.List<BucketState> states) {
    BucketState binding = states.get(0);
    long retryMs = 0;
    for (BucketState state : states) {
      if (Math.floor(state.tokens()) < Math.floor(binding.tokens())
          || (Math.floor(state.tokens()) == Math.floor(binding.tokens()) && state.msUntilFull() > binding.msUntilFull())) {
        binding = state;
      }
      retryMs = Math.max(retryMs, state.msUntilToken());
    }
    long retryAfter = allowed ? 0 : Math.max(1, (retryMs + 999) / 1000);
    return new Decision(allowed, binding.policy(), binding.burst(), (long) Math.floor(Math.max(0, binding.tokens())),
        (binding.msUntilFull() + 999) / 1000, retryAfter);
  }
}
