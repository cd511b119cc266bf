-- Hand-written SQL: the staff queue orders by the deadline in force, COALESCE("extendedDueAt", "dueAt"),
-- an expression schema.prisma cannot index (Prisma ignores expression and partial indexes when diffing,
-- so this causes no drift). Keyset pages on (due, id) are index range scans at any depth.

-- The default view (open work statuses) and any subset of them.
CREATE INDEX "requests_queue_open_due_id_idx" ON "requests" ((COALESCE("extendedDueAt", "dueAt")), "id")
  WHERE "status" IN ('verified', 'in_progress', 'awaiting_subject');

-- Any single status (closed ones included), e.g. ?status=completed.
CREATE INDEX "requests_queue_status_due_id_idx" ON "requests" ("status", (COALESCE("extendedDueAt", "dueAt")), "id");
