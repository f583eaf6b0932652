-- The tamper-evident audit trail: one link per AuditEvent the server writes, in the order they were
-- written. Each link holds the hash of the one before and its own hash over that and the AuditEvent
-- as stored (which also carries the previous hash, as an extension), so changing, removing or
-- reordering a record breaks the chain at that link (store/src/audit/chain.ts; `careweave audit verify`).
CREATE TABLE IF NOT EXISTS audit_chain (
  seq       bigserial PRIMARY KEY,
  audit_id  text NOT NULL UNIQUE,
  prev_hash text NOT NULL,
  hash      text NOT NULL
);
