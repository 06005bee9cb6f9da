package io.emporium.user;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.UserAction;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.outbox.Polling;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.password.Argon2idAlgorithm;
import io.emporium.user.password.PasswordHasher;
import io.emporium.user.store.InMemoryUserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LoginActionTest extends ServiceTestBase {
  static final Pattern RETRY_AFTER = Pattern.compile("retry after (\\d+) seconds$");

  @Test
  void loginAnswersTokensAndThePublicUser(VertxTestContext ctx) {
    String email = unique("login");
    bus.signedIn(email)
        .compose(reply -> bus.module.accessTokens().verify(reply.getString("accessToken")).map(identity -> {
          ctx.verify(() -> {
            assertThat(reply.fieldNames()).containsExactlyInAnyOrder("accessToken", "tokenType", "expiresIn",
                "refreshToken", "refreshExpiresIn", "user");
            assertThat(reply.getString("tokenType")).isEqualTo("Bearer");
            assertThat(reply.getInteger("expiresIn")).isEqualTo(900);
            assertThat(reply.getInteger("refreshExpiresIn")).isEqualTo(2_592_000);
            assertThat(reply.getString("refreshToken")).matches("[A-Za-z0-9_-]{43}");
            assertThat(reply.getJsonObject("user").getString("email")).isEqualTo(email.toLowerCase());
            assertThat(identity.userId()).isEqualTo(userId(reply));
            assertThat(identity.roles()).containsExactly("user");
          });
          return reply;
        }))
        .compose(reply -> audit(AuditAction.LOGIN_SUCCESS))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.items()).anySatisfy(r -> assertThat(r.entry().clientIp()).contains("198.51.100.23"));
          ctx.completeNow();
        })));
  }

  @Test
  void wrongPasswordUnknownEmailAndDisabledAccountFailAlike(VertxTestContext ctx) {
    String email = unique("alike");
    String disabled = unique("disabled");
    bus.register(email, UserBus.PASSWORD, "A")
        .compose(v -> bus.register(disabled, UserBus.PASSWORD, "D"))
        .compose(d -> bus.repository().update(java.util.UUID.fromString(d.getString("id")),
            UserPatch.none().withStatus(User.Status.DISABLED), u -> Effects.none()))
        .compose(v -> Future.all(failure(bus.login(email, "a wrong but long password")),
            failure(bus.login(unique("nobody"), UserBus.PASSWORD)),
            failure(bus.login(disabled, UserBus.PASSWORD))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          ServiceError wrong = all.resultAt(0);
          assertThat(wrong.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          assertThat(wrong.field()).isNull();
          assertThat(all.<ServiceError>resultAt(1)).isEqualTo(wrong);
          assertThat(all.<ServiceError>resultAt(2)).isEqualTo(wrong);
          ctx.completeNow();
        })));
  }

  /**
   * An unknown email costs a hash check too (against a dummy hash of the current cost), so it cannot be
   * told from a wrong password by the time it takes. Measured at a cost where a check takes tens of
   * milliseconds, as the CPU time the hash workers spend on each login: wall time on a loaded 2-core
   * machine swung 3x between the two kinds (a CI run saw medians of 100 and 302 ms), CPU time does not.
   */
  @Test
  void anUnknownEmailTakesAboutAsLongAsAWrongPassword(Vertx vertx, VertxTestContext ctx) {
    Map<ConfigKey, String> costly = Map.of(ConfigKey.AUTH_ARGON2_MEMORY_KIB, "16384", ConfigKey.AUTH_ARGON2_ITERATIONS,
        "2", ConfigKey.AUTH_LOCKOUT_THRESHOLD, "1000");
    // A Vert.x of its own: on the shared one, this class's cheaper user service consumes the same
    // addresses, and the bus would spread the timed logins over both services.
    Vertx isolated = Vertx.vertx();
    Future<List<Long>> timed = UserBus.start(isolated, UserBus.config(costly), new InMemoryUserRepository())
        .compose(costlyBus -> costlyBus.register("timed@example.org", UserBus.PASSWORD, "T")
            // Two rounds first, not counted: the first hashes of a JVM pay for class loading and the JIT.
            .compose(v -> timeFailures(costlyBus, "timed@example.org", "nobody@example.org", 2))
            .compose(warm -> timeFailures(costlyBus, "timed@example.org", "nobody@example.org", 15)));
    timed.onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          long wrong = pair.get(0);
          long unknown = pair.get(1);
          assertThat(wrong).as("a check at this cost takes a while (CPU µs)").isGreaterThan(5_000);
          assertThat(unknown).as("median hash CPU µs: unknown %d vs wrong password %d", unknown, wrong)
              .isBetween(wrong * 2 / 3, wrong * 3 / 2);
          ctx.completeNow();
        })));
    // Closed after the check, not in the chain: a chain continued after the close would never complete.
    timed.onComplete(done -> isolated.close());
  }

  /**
   * The median CPU time in µs the hash workers spent on each of {@code n} failed logins for each email,
   * taken in turns. One login at a time, so each difference is that login's check alone.
   */
  private static Future<List<Long>> timeFailures(UserBus bus, String known, String unknown, int n) {
    List<Long> knownTimes = new ArrayList<>();
    List<Long> unknownTimes = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < n; i++) {
      chain = chain.compose(v -> timeFailure(bus, known, knownTimes)).compose(v -> timeFailure(bus, unknown, unknownTimes));
    }
    return chain.map(v -> List.of(median(knownTimes), median(unknownTimes)));
  }

  private static Future<Void> timeFailure(UserBus bus, String email, List<Long> times) {
    long start = hashWorkersCpuNanos();
    return bus.login(email, "not the right password at all").transform(done -> {
      times.add((hashWorkersCpuNanos() - start) / 1_000);
      return Future.succeededFuture();
    });
  }

  /** CPU time of every live hash worker thread (other Vert.x instances' pools are idle meanwhile and add nothing). */
  private static long hashWorkersCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(PasswordHasher.POOL_NAME))
        .mapToLong(thread -> Math.max(0, threads.getThreadCpuTime(thread.getId())))
        .sum();
  }

  private static long median(List<Long> times) {
    return times.stream().sorted().toList().get(times.size() / 2);
  }

  @Test
  void repeatedFailuresLockTheEmailEvenForTheRightPasswordThenItOpensAgain(Vertx vertx, VertxTestContext ctx) {
    String email = unique("locked");
    bus.register(email, UserBus.PASSWORD, "L")
        .compose(v -> failure(bus.login(email, "wrong password one")))
        .compose(v -> failure(bus.login(email, "wrong password two")))
        .compose(v -> failure(bus.login(email, "wrong password three")))
        .compose(third -> failure(bus.login(email, UserBus.PASSWORD)).map(locked -> List.of(third, locked)))
        .compose(pair -> {
          ctx.verify(() -> {
            assertThat(pair.get(0).code()).as("the failure that locks still says unauthorized")
                .isEqualTo(ErrorCode.UNAUTHORIZED);
            ServiceError locked = pair.get(1);
            assertThat(locked.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            Matcher seconds = RETRY_AFTER.matcher(locked.message());
            assertThat(seconds.find()).as(locked.message()).isTrue();
            assertThat(Long.parseLong(seconds.group(1))).isBetween(1L, 4L);
          });
          return Polling.until(vertx, () -> bus.login(email, UserBus.PASSWORD).map(Optional::of)
              .otherwise(Optional.empty()), Optional::isPresent, 6_000);
        })
        .onComplete(ctx.succeeding(opened -> ctx.completeNow()));
  }

  @Test
  void anUnknownEmailIsLockedTheSameWay(VertxTestContext ctx) {
    String email = unique("ghost");
    failure(bus.login(email, "guess number one"))
        .compose(v -> failure(bus.login(email, "guess number two")))
        .compose(v -> failure(bus.login(email, "guess number three")))
        .compose(v -> failure(bus.login(email.toUpperCase(), "guess number four")))
        .onComplete(ctx.succeeding(error -> ctx.verify(() -> {
          assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
          ctx.completeNow();
        })));
  }

  @Test
  void failedLoginsAreAuditedWithoutTheirPassword(VertxTestContext ctx) {
    String email = unique("audit");
    bus.register(email, UserBus.PASSWORD, "A")
        .compose(v -> failure(bus.login(email, "the secret guess that must not be stored")))
        .compose(v -> audit(AuditAction.LOGIN_FAILURE))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          AuditRecord<AuditAction> record = page.items().get(0);
          assertThat(record.entry().outcome()).isEqualTo(AuditEntry.Outcome.FAILURE);
          assertThat(record.entry().details().getString("reason")).isEqualTo("wrong_password");
          assertThat(record.toJson().encode()).doesNotContain("the secret guess");
          ctx.completeNow();
        })));
  }

  @Test
  void aHashOfAnOlderCostIsReplacedAtTheNextLogin(VertxTestContext ctx) {
    String old = new Argon2idAlgorithm(2048, 2, 1).hash(UserBus.PASSWORD);
    bus.repository().create(new NewUser("old-cost@example.org", "Old", old, Set.of(User.ROLE_USER)), u -> Effects.none())
        .compose(u -> bus.login("old-cost@example.org", UserBus.PASSWORD))
        .compose(reply -> bus.repository().findByEmail("old-cost@example.org"))
        .compose(stored -> bus.login("old-cost@example.org", UserBus.PASSWORD).map(again -> stored))
        .onComplete(ctx.succeeding(stored -> ctx.verify(() -> {
          assertThat(stored.orElseThrow().passwordHash()).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
          ctx.completeNow();
        })));
  }

  @Test
  void loginBodiesOfTheWrongShapeAreValidationErrors(VertxTestContext ctx) {
    Future.all(List.of(
            failure(bus.call(UserAction.LOGIN, new JsonObject().put("email", "a@example.org"))),
            failure(bus.call(UserAction.LOGIN, new JsonObject().put("email", 7).put("password", "x"))),
            failure(bus.call(UserAction.LOGIN, new JsonObject().put("email", "a@example.org").put("password", true))),
            failure(bus.call(UserAction.LOGIN, new JsonObject().put("email", "a@example.org").put("password", "x")
                .put("remember", true))),
            failure(bus.call(UserAction.LOGIN, new JsonObject().put("email", "a".repeat(300)).put("password", "x")))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<String> fields = List.of("password", "email", "password", "remember", "email");
          for (int i = 0; i < fields.size(); i++) {
            ServiceError error = all.resultAt(i);
            assertThat(error.code()).as(error.toString()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(error.field()).as(error.toString()).isEqualTo(fields.get(i));
          }
          ctx.completeNow();
        })));
  }
}
