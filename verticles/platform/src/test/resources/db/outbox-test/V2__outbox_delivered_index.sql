-- As in every service's outbox: the index the relay's purge of delivered events goes through.
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE status = 'DELIVERED';
