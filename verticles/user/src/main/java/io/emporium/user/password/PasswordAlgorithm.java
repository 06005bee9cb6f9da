package io.emporium.user.password;

/** A password hashing function. Every method blocks (it is slow on purpose): call it on a worker thread only. */
public interface PasswordAlgorithm {

  /** A self-describing hash (PHC string: algorithm, parameters, salt, hash). */
  String hash(String password);

  /** False for a wrong password and for a hash this algorithm cannot read. */
  boolean matches(String password, String hash);

  /** True when the hash was made with the parameters this algorithm uses now (no rehash needed). */
  boolean isCurrent(String hash);
}
