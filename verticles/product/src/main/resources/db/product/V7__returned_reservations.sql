-- A confirmed reservation whose order was cancelled after payment gives its units back and ends RETURNED
-- (product.stock.return). RETURNED is final, like RELEASED and EXPIRED, so retention deletes it in time.
ALTER TABLE reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE reservations ADD CONSTRAINT reservations_status_check
  CHECK (status IN ('HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED', 'RETURNED'));
