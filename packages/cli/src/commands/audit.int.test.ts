import { Repository, SYSTEM_CONTEXT, openDatabase } from '@careweave/store';
import type { AuditEvent } from '@medplum/fhirtypes';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));

function careweave(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  delete env['CAREWEAVE_DATA_DIR'];
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `careweave audit verify`: an intact trail passes; a record edited in the database is named. */
describe('careweave audit verify', () => {
  let dir: string;
  let dataDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'careweave-audit-'));
    dataDir = join(dir, 'data');
    const migrated = careweave('migrate', '--data-dir', dataDir);
    expect(migrated.status, migrated.stderr).toBe(0);
    const db = await openDatabase({ dataDir });
    try {
      const events = ['login', 'read', 'update'].map((what, i): AuditEvent => ({
        resourceType: 'AuditEvent',
        id: `cli-audit-${i}`,
        type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
        recorded: '2026-12-07T10:00:00Z',
        outcomeDesc: what,
        agent: [{ requestor: true, who: { reference: 'Practitioner/gp' } }],
        source: { observer: { display: 'careweave' } },
      }));
      await new Repository(db).inTransaction(SYSTEM_CONTEXT, (w) => w.appendAudit(events));
    } finally {
      await db.close();
    }
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says an untouched trail is intact and prints its newest hash', () => {
    const result = careweave('audit', 'verify', '--data-dir', dataDir);
    expect(result.status, result.stderr).toBe(0);
    // The three above and those of migrate's own writes (it registers the automated agents).
    const checked =
      /Audit chain intact: (\d+) AuditEvent\(s\) checked; newest link [0-9a-f]{64}/.exec(
        result.stdout,
      );
    expect(checked, result.stdout).not.toBeNull();
    expect(Number(checked?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('names the first broken link after a record was changed in the database, and exits 1', async () => {
    const db = await openDatabase({ dataDir });
    try {
      await db.query(
        `UPDATE resource SET content = jsonb_set(content, '{outcomeDesc}', '"nothing happened"')
         WHERE resource_type = 'AuditEvent' AND id = 'cli-audit-1'`,
      );
    } finally {
      await db.close();
    }
    const result = careweave('audit', 'verify', '--data-dir', dataDir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /audit chain broken at link \d+ \(AuditEvent\/cli-audit-1\): the AuditEvent was altered after it was written/,
    );
  });
});
