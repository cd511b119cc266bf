-- The staff queue sorted by received date (newest first) and searched by name.
-- Keyset pages on ("receivedAt", id) are index range scans, read backwards, at any depth:

-- Any single status (and the purge/expiry jobs, which read (status, receivedAt) as before).
DROP INDEX "requests_status_receivedAt_idx";
CREATE INDEX "requests_status_receivedAt_id_idx" ON "requests"("status", "receivedAt", "id");

-- The default view (open work statuses) and any subset of them. Partial: Prisma ignores it when diffing.
CREATE INDEX "requests_queue_open_received_id_idx" ON "requests" ("receivedAt", "id")
  WHERE "status" IN ('verified', 'in_progress', 'awaiting_subject');

-- Name search: word prefixes of the full name (to_tsquery('simple', 'dup:* & mar:*')). Expression
-- index: Prisma ignores it when diffing.
CREATE INDEX "requests_fullname_words_idx" ON "requests" USING gin (to_tsvector('simple', "fullName"));
