package io.emporium.user.password;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.emporium.user.config.AuthSettings;

/**
 * Argon2id through Password4j (pure Java), version 19, 32-byte output, 16-byte random salt. Hashes
 * are PHC strings, e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so each records the
 * parameters it was made with and can be checked after the configuration changes.
 */
public final class Argon2idAlgorithm implements PasswordAlgorithm {
  static final int OUTPUT_LENGTH = 32;
  static final int SALT_LENGTH = 16;

  private final Argon2Function function;

  public Argon2idAlgorithm(int memoryKib, int iterations, int parallelism) {
    this.function = Argon2Function.getInstance(memoryKib, iterations, parallelism, OUTPUT_LENGTH, Argon2.ID,
        Argon2Function.ARGON2_VERSION_13);
  }

  public static Argon2idAlgorithm from(AuthSettings auth) {
    return new Argon2idAlgorithm(auth.argon2MemoryKib(), auth.argon2Iterations(), auth.argon2Parallelism());
  }

  @Override
  public String hash(String password) {
    return Password.hash(password).addRandomSalt(SALT_LENGTH).with(function).getResult();
  }

  @Override
  public boolean matches(String password, String hash) {
    if (hash == null || !hash.startsWith("$argon2")) {
      return false;
    }
    try {
      return Argon2Function.getInstanceFromHash(hash).check(password, hash);
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  @Override
  public boolean isCurrent(String hash) {
    if (hash == null || !hash.startsWith("$argon2id$")) {
      return false;
    }
    try {
      Argon2Function stored = Argon2Function.getInstanceFromHash(hash);
      return stored.getMemory() == function.getMemory() && stored.getIterations() == function.getIterations()
          && stored.getParallelism() == function.getParallelism() && stored.getVersion() == function.getVersion()
          && stored.getOutputLength() == function.getOutputLength();
    } catch (RuntimeException unreadable) {
      return false;
    }
  }
}
