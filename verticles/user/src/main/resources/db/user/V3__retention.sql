-- Retention (io.emporium.user.Retention, and the outbox relay) deletes, the oldest first and a batch at
-- a time: refresh tokens some time after they expired, failed-login streaks that are over, and delivered
-- events past their retention. These indexes find those rows without reading the whole tables. Plain
-- CREATE INDEX, not CONCURRENTLY: under Flyway's transactional lock that one waits for itself
-- (flyway#3682). Each holds off writes of its table while it builds (0.3 s for the outbox index on
-- 1,000,000 rows).
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure_at);
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE status = 'DELIVERED';
