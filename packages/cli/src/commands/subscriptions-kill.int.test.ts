import { Receiver, until } from '@careweave/server/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CAREWEAVE_STRATIFY_JOB: 'off',
    CAREWEAVE_REFERRAL_REMINDERS: 'off',
    CAREWEAVE_WEBHOOK_ALLOW: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  delete env['DATABASE_URL'];
  delete env['CAREWEAVE_KEY_DIR'];
  delete env['CAREWEAVE_DATA_DIR'];
  delete env['CAREWEAVE_SUBSCRIPTION_DELIVERY'];
  return env;
}

/** `careweave serve --port 0` on an embedded data directory; resolves with its FHIR base. */
function serve(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveBase, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /FHIR base (\S+)\)/.exec(out);
      if (m) resolveBase({ child, base: m[1] as string });
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

describe('a Subscription event survives kill -9 of the server before its delivery', () => {
  let dataDir = '';
  const receiver = new Receiver();
  let running: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cw-subs-kill-'));
    await receiver.start();
  });

  afterAll(async () => {
    running?.kill('SIGTERM');
    if (running) await exited(running);
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers the event once after the restart, then the next one, in order', async () => {
    let server = await serve(dataDir);
    running = server.child;
    const token = spawnSync(process.execPath, [MAIN, 'token', '--system', '--data-dir', dataDir], {
      env: cleanEnv(),
      encoding: 'utf8',
    }).stdout.trim();
    const call = async (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${server.base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/fhir+json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const created = await call('POST', '/Subscription', {
      resourceType: 'Subscription',
      meta: { profile: [`${BACKPORT}/backport-subscription`] },
      status: 'requested',
      reason: 'kill -9 test',
      criteria: 'https://careweave.org/fhir/SubscriptionTopic/task-assigned',
      channel: {
        type: 'rest-hook',
        endpoint: receiver.url,
        payload: 'application/fhir+json',
        _payload: {
          extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: 'id-only' }],
        },
      },
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    await until(
      () => receiver.acknowledged(id, 'handshake').length === 1,
      'the handshake',
      300_000,
    );

    // The endpoint fails the first attempt at event 1; the server is killed right after it.
    receiver.answer = (r) =>
      r.type === 'event-notification' && !receiver.received.some((x) => x.events[0] === 1)
        ? 503
        : 200;
    const task = (owner: string) => ({
      resourceType: 'Task',
      id: 'kill-task',
      status: 'requested',
      intent: 'order',
      owner: { reference: owner },
    });
    expect((await call('PUT', '/Task/kill-task', task('Practitioner/a'))).status).toBe(201);
    await until(
      () => receiver.received.some((r) => r.answered === 503),
      'the failed attempt',
      120_000,
    );
    server.child.kill('SIGKILL');
    await exited(server.child);

    server = await serve(dataDir);
    running = server.child;
    await until(
      () => receiver.acknowledged(id, 'event-notification').length >= 1,
      'the event after the restart',
      300_000,
    );
    expect((await call('PUT', '/Task/kill-task', task('Practitioner/b'))).status).toBe(200);
    await until(
      () => receiver.acknowledged(id, 'event-notification').length >= 2,
      'event 2',
      120_000,
    );
    expect(receiver.acknowledged(id, 'event-notification').map((r) => r.events)).toEqual([
      [1],
      [2],
    ]);
  }, 900_000);
});
