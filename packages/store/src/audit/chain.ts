import type { AuditEvent, Extension } from '@medplum/fhirtypes';
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.js';

/** The extension on every chained AuditEvent holding the hash of the AuditEvent written before it. */
export const AUDIT_PREVIOUS_HASH_URL =
  'https://careweave.org/fhir/StructureDefinition/audit-previous-hash';

/** The "previous hash" of the first link. */
export const GENESIS_HASH = '0'.repeat(64);

/** Serialises the chain's appends across connections and app servers (one head at a time). */
const CHAIN_LOCK_KEY = 7_313_001;

/**
 * JSON with object keys sorted at every level: the same content always gives the same text,
 * whatever order a JavaScript object or PostgreSQL's jsonb kept its keys in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) over the previous link's hash and the AuditEvent as stored. */
export function chainHash(previous: string, stored: unknown): string {
  return createHash('sha256')
    .update(previous)
    .update('\n')
    .update(canonicalJson(stored))
    .digest('hex');
}

/** The AuditEvent with its previous-hash extension set (any earlier value replaced). */
export function withPreviousHash(record: AuditEvent, previous: string): AuditEvent {
  const others = (record.extension ?? []).filter((e) => e.url !== AUDIT_PREVIOUS_HASH_URL);
  const link: Extension = { url: AUDIT_PREVIOUS_HASH_URL, valueString: previous };
  return { ...record, extension: [...others, link] };
}

/**
 * Takes the chain's lock for this transaction and returns the hash of its newest link (the
 * genesis hash when empty). Held until the transaction ends, so links are added one writer at a
 * time, in commit order.
 */
export async function lockChainHead(tx: Queryable): Promise<string> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
  const { rows } = await tx.query<{ hash: string }>(
    'SELECT hash FROM audit_chain ORDER BY seq DESC LIMIT 1',
  );
  return rows[0]?.hash ?? GENESIS_HASH;
}

/** One link: an AuditEvent's id, the hash before it and its own. */
export interface ChainLink {
  auditId: string;
  previous: string;
  hash: string;
}

/** Records links (after their AuditEvents were written in the same transaction). */
export async function appendLinks(tx: Queryable, links: readonly ChainLink[]): Promise<void> {
  if (links.length === 0) return;
  await tx.query(
    `INSERT INTO audit_chain (audit_id, prev_hash, hash)
     SELECT a, p, h FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS l(a, p, h, n) ORDER BY n`,
    [links.map((l) => l.auditId), links.map((l) => l.previous), links.map((l) => l.hash)],
  );
}

/** The result of walking the chain. */
export interface ChainReport {
  /** Links checked (all of them when intact; up to and including the broken one otherwise). */
  checked: number;
  /** The newest link's hash: write it down somewhere else to detect a rewrite of the whole tail. */
  head: string;
  /** The first link that does not hold, and why. */
  broken?: { seq: number; auditId: string; reason: string };
}

/**
 * Walks the chain from the first link: each link must name the hash of the one before, its
 * AuditEvent must still exist, carry that same previous hash and hash to the link's hash. Stops
 * at the first link that fails. Reads in pages, so a long trail needs little memory.
 */
export async function verifyAuditChain(q: Queryable, pageSize = 1000): Promise<ChainReport> {
  let expected = GENESIS_HASH;
  let checked = 0;
  let after = 0;
  for (;;) {
    const { rows } = await q.query<{
      seq: number | string;
      audit_id: string;
      prev_hash: string;
      hash: string;
      content: AuditEvent | string | null;
    }>(
      `SELECT c.seq, c.audit_id, c.prev_hash, c.hash, r.content
       FROM audit_chain c
       LEFT JOIN resource r ON r.resource_type = 'AuditEvent' AND r.id = c.audit_id AND NOT r.deleted
       WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`,
      [after, pageSize],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      checked++;
      const content =
        typeof row.content === 'string' ? (JSON.parse(row.content) as AuditEvent) : row.content;
      const reason =
        row.prev_hash !== expected
          ? 'it does not follow the link before it (a record was removed, inserted or reordered)'
          : !content
            ? `AuditEvent/${row.audit_id} is missing`
            : content.extension?.find((e) => e.url === AUDIT_PREVIOUS_HASH_URL)?.valueString !==
                row.prev_hash
              ? 'the previous hash the AuditEvent carries was altered'
              : chainHash(row.prev_hash, content) !== row.hash
                ? 'the AuditEvent was altered after it was written'
                : undefined;
      if (reason) {
        return { checked, head: expected, broken: { seq, auditId: row.audit_id, reason } };
      }
      expected = row.hash;
      after = seq;
    }
    if (rows.length < pageSize) return { checked, head: expected };
  }
}
