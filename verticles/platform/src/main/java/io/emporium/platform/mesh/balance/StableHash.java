package io.emporium.platform.mesh.balance;

import java.nio.charset.StandardCharsets;

/**
 * A hash of a user id that every JVM computes alike (FNV-1a over the UTF-8 bytes, then the splitmix64
 * finalizer so that ids differing in one character spread over all buckets), for sticky traffic splits,
 * canary shares and the consistent-hash ring.
 */
public final class StableHash {
  private StableHash() {}

  /** In [0, 100). */
  public static int percentBucket(String key) {
    return (int) Long.remainderUnsigned(hash(key), 100);
  }

  public static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
