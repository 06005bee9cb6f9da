package io.emporium.gateway.policy.ratelimit;

import io.emporium.gateway.config.RateLimitPolicies.Bucket;

/** One bucket a request must take a token from: the policy and whom it counts (an address, a user, a route). */
record BucketKey(Bucket policy, String id) {
  private static final java.util.Map<Bucket, String> PREFIXES = new java.util.concurrent.ConcurrentHashMap<>();

  /** The id is shared by every gateway (and is the Redis key): policy, rate and burst, then whom it counts. */
  static BucketKey of(Bucket policy, String subject) {
    String prefix = PREFIXES.computeIfAbsent(policy, p -> p.name() + ":" + p.rate() + ":" + p.burst() + ":");
    return new BucketKey(policy, prefix + subject);
  }
}
