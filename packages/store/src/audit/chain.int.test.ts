import type { AuditEvent } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../context.js';
import { Repository } from '../repository/repository.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import { AUDIT_PREVIOUS_HASH_URL, GENESIS_HASH, canonicalJson, verifyAuditChain } from './chain.js';

const event = (id: string, text: string): AuditEvent => ({
  resourceType: 'AuditEvent',
  id,
  type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
  recorded: '2026-12-07T10:00:00Z',
  outcome: '0',
  outcomeDesc: text,
  agent: [{ requestor: true, who: { reference: 'Practitioner/gp' } }],
  source: { observer: { display: 'careweave' } },
});

/**
 * AuditEvents are tamper-evident: each carries the hash of the one before it (an extension, and
 * the `audit_chain` table), so changing, removing or reordering any record after the fact is
 * found, and the first broken link is named.
 */
describe.each(testDatabaseKinds())('the audit chain on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = new Repository(t.db);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('links every appended AuditEvent to the one before it, across transactions', async () => {
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.appendAudit([event('a1', 'read'), event('a2', 'search')]),
    );
    await repo.inTransaction(SYSTEM_CONTEXT, (w) => w.appendAudit([event('a3', 'update')]));
    const first = await repo.read<AuditEvent>(SYSTEM_CONTEXT, 'AuditEvent', 'a1');
    expect(first.extension).toContainEqual({
      url: AUDIT_PREVIOUS_HASH_URL,
      valueString: GENESIS_HASH,
    });
    const report = await verifyAuditChain(t.db, 2); // pages of 2: the walk crosses a page
    expect(report).toEqual({ checked: 3, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const third = await repo.read<AuditEvent>(SYSTEM_CONTEXT, 'AuditEvent', 'a3');
    const { rows } = await t.db.query<{ hash: string }>(
      "SELECT hash FROM audit_chain WHERE audit_id = 'a2'",
    );
    expect(third.extension?.[0]?.valueString).toBe(rows[0]?.hash);
  });

  it('names the first link whose AuditEvent was altered in the database', async () => {
    await t.db.query(
      `UPDATE resource SET content = jsonb_set(content, '{outcomeDesc}', '"nothing to see"')
       WHERE resource_type = 'AuditEvent' AND id = 'a2'`,
    );
    const report = await verifyAuditChain(t.db);
    expect(report.broken).toMatchObject({
      auditId: 'a2',
      reason: 'the AuditEvent was altered after it was written',
    });
    expect(report.checked).toBe(2);
  });

  it('finds a removed AuditEvent, and a link rewritten to hide it', async () => {
    await t.db.query(
      `UPDATE resource SET content = jsonb_set(content, '{outcomeDesc}', '"search"') WHERE resource_type = 'AuditEvent' AND id = 'a2'`,
    );
    expect((await verifyAuditChain(t.db)).broken).toBeUndefined(); // put back exactly: intact
    await t.db.query("DELETE FROM resource WHERE resource_type = 'AuditEvent' AND id = 'a3'");
    expect((await verifyAuditChain(t.db)).broken).toMatchObject({
      auditId: 'a3',
      reason: 'AuditEvent/a3 is missing',
    });
    // Dropping the link as well only moves the break: the chain has simply lost its tail, which the
    // recorded head hash exposes; removing a link in the middle breaks the next one.
    await t.db.query("DELETE FROM audit_chain WHERE audit_id = 'a1'");
    expect((await verifyAuditChain(t.db)).broken).toMatchObject({
      auditId: 'a2',
      reason: expect.stringMatching(/does not follow the link before it/),
    });
  });

  it('hashes content, not key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});
