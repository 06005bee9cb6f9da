package io.emporium.user;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.emporium.platform.config.EmporiumConfig.InstanceSettings;
import io.emporium.platform.discovery.ServiceRegistry;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.platform.service.ActionDispatcher;
import io.emporium.platform.service.Counted;
import io.emporium.platform.service.ServiceVerticle;
import io.emporium.platform.service.StoreHealth;
import io.emporium.user.UserMeters.LoginOutcome;
import io.emporium.user.actions.Accounts;
import io.emporium.user.actions.Administration;
import io.emporium.user.actions.Profiles;
import io.emporium.user.actions.UserService;
import io.emporium.user.config.AuthSettings;
import io.emporium.user.domain.LockoutPolicy;
import io.emporium.user.store.UserRepository;

/** One instance of the user service on the bus; wires every user action to the class that decides it. */
public final class UserVerticle extends ServiceVerticle {
  private final UserModule module;

  public UserVerticle(UserModule module, InstanceSettings settings, ServiceRegistry registry, String nodeId) {
    super(ServiceName.USER, settings, registry, nodeId, CallerSignatures.from(module.config()));
    this.module = module;
  }

  @Override
  protected ActionDispatcher dispatcher() {
    UserRepository repository = module.repository();
    AuthSettings auth = AuthSettings.of(module.config());
    LockoutPolicy lockout = LockoutPolicy.from(auth);
    UserService users = new UserService(repository);
    UserMeters metrics = new UserMeters(EmporiumMetrics.of(vertx));
    Accounts accounts = new Accounts(repository, module.hasher(), module.policy(), module.accessTokens(),
        auth, metrics::accountLocked);
    Profiles profiles = new Profiles(repository, module.hasher(), module.policy(), lockout);
    Administration admin = new Administration(repository);
    metrics.declareLoginCounters();
    return new ActionDispatcher()
        .on(UserAction.HEALTH, request -> StoreHealth.report(instanceId(), repository.kind(), repository.ping()))
        .on(UserAction.GET, users::get)
        .on(UserAction.REGISTER, Counted.onSuccess(accounts::register, metrics::registration))
        .on(UserAction.LOGIN, Counted.onOutcome(accounts::login, () -> metrics.login(LoginOutcome.SUCCESS), error -> {
          // A wrong password and a locked email are failed logins; a malformed request is not a login.
          if (error.code() == ErrorCode.UNAUTHORIZED) {
            metrics.login(LoginOutcome.FAILURE);
          } else if (error.code() == ErrorCode.RATE_LIMITED) {
            metrics.login(LoginOutcome.LOCKED);
          }
        }))
        .on(UserAction.REFRESH, accounts::refresh)
        .on(UserAction.LOGOUT, accounts::logout)
        .on(UserAction.PROFILE_GET, profiles::get)
        .on(UserAction.PROFILE_UPDATE, profiles::update)
        .on(UserAction.PASSWORD_CHANGE, profiles::changePassword)
        .on(UserAction.ADMIN_LIST, admin::list)
        .on(UserAction.ADMIN_SET_ROLE, admin::setRole)
        .on(UserAction.ADMIN_SET_STATUS, admin::setStatus)
        .on(UserAction.ADMIN_ERASE, admin::erase)
        .on(UserAction.ADMIN_STATS, admin::stats)
        .on(UserAction.ADMIN_AUDIT, admin::audit)
        .on(UserAction.QUEUE_STATS, admin::queueStats);
  }
}
