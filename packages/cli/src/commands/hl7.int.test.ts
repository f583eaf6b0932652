import { openDatabase } from '@careweave/store';
import { MllpClient, ackCodeOf } from '@careweave/server';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CAREWEAVE_STRATIFY_JOB: 'off',
    LOG_LEVEL: 'warn',
  };
  delete env['DATABASE_URL'];
  delete env['CAREWEAVE_KEY_DIR'];
  delete env['CAREWEAVE_DATA_DIR'];
  delete env['CAREWEAVE_MLLP_PORT'];
  return env;
}

/** `careweave serve --mllp-port 0` on an embedded data directory; resolves with its MLLP port. */
function serve(dataDir: string): Promise<{ child: ChildProcess; mllpPort: number }> {
  const child = spawn(
    process.execPath,
    [MAIN, 'serve', '--port', '0', '--mllp-port', '0', '--data-dir', dataDir],
    { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolvePort, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /HL7 v2 MLLP listener on [^\s]+:(\d+)/.exec(out);
      if (m) resolvePort({ child, mllpPort: Number(m[1]) });
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/** Distinct birth dates (year, month and day all differ), so no two test people look alike. */
const dob = (n: number): string =>
  `19${10 + n}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;

const message = (i: number): string => {
  const event = i % 2 === 0 ? 'A01' : 'A03';
  const person = Math.floor(i / 2);
  return [
    `MSH|^~\\&|KILLTEST|HOSP|CW|CW|20261201090000||ADT^${event}|K-${i}|P|2.5.1`,
    `EVN|${event}|20261201090000`,
    `PID|1||KMRN-${person}^^^HOSP^MR||Person${person}^Test||${dob(person)}|F`,
    `PV1|1|I|W1||||||||||||||||KV-${person}^^^HOSP^VN|||||||||||||||||||||||||20261201080000|${event === 'A03' ? '20261203080000' : ''}`,
  ].join('\r');
};

describe('the MLLP feed survives kill -9 of the server mid-stream', () => {
  let dir: string;
  const N = 40;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'careweave-hl7-kill-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no acknowledged message: after a restart and a resend of everything, each has exactly one effect', async () => {
    const dataDir = join(dir, 'data');
    const first = await serve(dataDir);
    const acked = new Set<number>();
    const client = await MllpClient.connect('127.0.0.1', first.mllpPort, 60_000);
    for (let i = 0; i < N / 2; i++) {
      expect(ackCodeOf(await client.send(message(i)))).toBe('AA');
      acked.add(i);
    }
    // The next message goes out, and the server dies before (or while) it is applied.
    const inFlight = client.send(message(N / 2)).catch(() => undefined);
    first.child.kill('SIGKILL');
    const lateAck = await inFlight;
    if (lateAck && ackCodeOf(lateAck) === 'AA') acked.add(N / 2);
    await exited(first.child);
    await client.close();

    const second = await serve(dataDir);
    const again = await MllpClient.connect('127.0.0.1', second.mllpPort, 60_000);
    const codes: string[] = [];
    for (let i = 0; i < N; i++) codes.push(ackCodeOf(await again.send(message(i))) ?? '?');
    await again.close();
    expect(codes).toEqual(Array.from({ length: N }, () => 'AA'));
    second.child.kill('SIGTERM');
    await exited(second.child);

    const db = await openDatabase({ dataDir });
    try {
      const { rows: log } = await db.query<{
        control_id: string;
        status: string;
        deliveries: number;
      }>(
        "SELECT control_id, status, deliveries FROM hl7_message WHERE sender = 'KILLTEST|HOSP' ORDER BY id",
      );
      expect(log).toHaveLength(N);
      expect(log.filter((r) => r.status !== 'processed')).toEqual([]);
      // Every message acknowledged before the kill was committed: its resend was a duplicate.
      for (const i of acked) {
        expect(log.find((r) => r.control_id === `K-${i}`)?.deliveries, `K-${i}`).toBe(2);
      }
      const { rows: patients } = await db.query<{ n: string }>(
        "SELECT count(*) AS n FROM resource WHERE resource_type = 'Patient' AND NOT deleted AND content::text LIKE '%KMRN-%'",
      );
      expect(Number(patients[0]?.n)).toBe(N / 2);
      const { rows: stays } = await db.query<{ status: string; n: string }>(
        "SELECT content->>'status' AS status, count(*) AS n FROM resource WHERE resource_type = 'Encounter' AND NOT deleted GROUP BY 1",
      );
      expect(stays).toEqual([{ status: 'finished', n: expect.anything() }]);
      expect(Number(stays[0]?.n)).toBe(N / 2);
    } finally {
      await db.close();
    }
  }, 240_000);

  it('careweave hl7 send prints each control id with its ACK code, then the JSON summary', async () => {
    const dataDir = join(dir, 'data');
    const server = await serve(dataDir);
    try {
      const file = join(dir, 'batch.hl7');
      // Two messages separated by a blank line (LF separators, as files have them), one not HL7.
      writeFileSync(
        file,
        `\uFEFF${message(100).replace(/\r/g, '\n')}\n\n${message(101).replace(/\r/g, '\n')}\n\nhello\n`,
      );
      const dup = join(dir, 'again.hl7');
      writeFileSync(dup, message(100));
      const result = spawnSync(
        process.execPath,
        [MAIN, 'hl7', 'send', file, dup, '--port', String(server.mllpPort)],
        { env: cleanEnv(), encoding: 'utf8', timeout: 120_000 },
      );
      expect(result.status, result.stderr).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines.slice(0, -1)).toEqual(['K-100 AA', 'K-101 AA', '- AR', 'K-100 AA']);
      expect(JSON.parse(lines[lines.length - 1] ?? '')).toEqual({ sent: 4, AA: 3, AE: 0, AR: 1 });
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
  }, 180_000);
});
