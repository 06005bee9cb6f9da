-- The product service's retention (io.emporium.product.CatalogueRetention) deletes finished reservations
-- (confirmed, released or expired) once retention.finished-reservation-hours have passed since they
-- finished, and audit entries older than retention.product-audit-hours (audit_log_at serves those), a
-- batch at a time: this index finds the finished reservations without reading the held ones.
CREATE INDEX reservations_finished ON reservations (updated_at) WHERE status <> 'HELD';
