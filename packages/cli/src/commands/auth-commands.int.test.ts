import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));

/** The environment of the spawned commands: always the embedded database of the test's data dir. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env['DATABASE_URL'];
  delete env['CAREWEAVE_KEY_DIR'];
  delete env['CAREWEAVE_DATA_DIR'];
  return env;
}

function careweave(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env: childEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lastLine = (text: string): string => text.trim().split('\n').at(-1) ?? '';

describe('careweave user, client and token beside a running server (embedded database)', () => {
  let dir: string;
  let dataDir: string;
  let serve: ChildProcess | undefined;
  let url = '';
  let clientId = '';
  let secret = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'careweave-cli-auth-'));
    dataDir = join(dir, 'data');
    const network = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Organization',
            id: 'north',
            name: 'Northside Family Practice',
          },
          request: { method: 'PUT', url: 'Organization/north' },
        },
        {
          resource: {
            resourceType: 'Practitioner',
            id: 'nadia',
            name: [{ given: ['Nadia'], family: 'Haddad' }],
          },
          request: { method: 'PUT', url: 'Practitioner/nadia' },
        },
        {
          resource: {
            resourceType: 'PractitionerRole',
            id: 'nadia-north',
            practitioner: { reference: 'Practitioner/nadia' },
            organization: { reference: 'Organization/north' },
          },
          request: { method: 'PUT', url: 'PractitionerRole/nadia-north' },
        },
      ],
    };
    writeFileSync(join(dir, 'network.json'), JSON.stringify(network));
    const imported = careweave('import', join(dir, 'network.json'), '--data-dir', dataDir);
    expect(imported.status, imported.stderr).toBe(0);

    // Accounts and clients are created while no server holds the embedded database.
    const created = careweave(
      'user',
      'create',
      '--email',
      'Nadia@Example.org',
      '--password',
      'correct horse battery',
      '--fhir-user',
      'Practitioner/nadia',
      '--role',
      'care-coordinator',
      '--data-dir',
      dataDir,
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain(
      'Created account nadia@example.org: Nadia Haddad, care-coordinator, acting as Practitioner/nadia; organisations: Organization/north',
    );
    const client = careweave(
      'client',
      'create',
      '--name',
      'Nightly reports',
      '--confidential',
      '--scope',
      'system/*.rs',
      '--data-dir',
      dataDir,
    );
    expect(client.status, client.stderr).toBe(0);
    clientId = lastLine(client.stdout).replace('client_id: ', '');
    secret = /client_secret: (\S+)/.exec(client.stdout)?.[1] ?? '';

    serve = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data-dir', dataDir], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolveUrl, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 90_000);
      serve?.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(output);
        if (m?.[1]) {
          clearTimeout(timer);
          resolveUrl(m[1]);
        }
      });
      serve?.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      serve?.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
  }, 240_000);

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((done) => serve?.once('exit', done));
      serve.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('mints a system token from the key file while the server holds the database, and the server accepts it', async () => {
    const minted = careweave('token', '--system', '--data-dir', dataDir);
    expect(minted.status, minted.stderr).toBe(0);
    const token = lastLine(minted.stdout);
    expect(token.split('.')).toHaveLength(3);
    const response = await fetch(`${url}/fhir/R4/Practitioner/nadia`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect((await fetch(`${url}/fhir/R4/Practitioner/nadia`)).status).toBe(401);
  });

  it('mints a user token that the server resolves to the account at request time', async () => {
    const minted = careweave(
      'token',
      '--user',
      'nadia@example.org',
      '--scope',
      'user/*.rs',
      '--data-dir',
      dataDir,
    );
    expect(minted.status, minted.stderr).toBe(0);
    const me = await fetch(`${url}/auth/me`, {
      headers: { Authorization: `Bearer ${lastLine(minted.stdout)}` },
    });
    expect(await me.json()).toMatchObject({
      kind: 'user',
      email: 'nadia@example.org',
      role: 'care-coordinator',
      scopes: ['user/*.rs'],
      organizations: [{ id: 'north', name: 'Northside Family Practice' }],
    });
    const stranger = careweave('token', '--user', 'nobody@example.org', '--data-dir', dataDir);
    expect(
      (
        await fetch(`${url}/auth/me`, {
          headers: { Authorization: `Bearer ${lastLine(stranger.stdout)}` },
        })
      ).status,
    ).toBe(401);
  });

  it('lets the registered service get a token by client credentials, and the account log in', async () => {
    const basic = Buffer.from(`${clientId}:${secret}`).toString('base64');
    const granted = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(await granted.json()).toMatchObject({ token_type: 'Bearer', scope: 'system/*.rs' });
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'nadia@example.org', password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
  });

  it('explains what is wrong instead of failing obscurely', () => {
    const cases: [string[], RegExp][] = [
      [['token', '--data-dir', dataDir], /exactly one of --system or --user/],
      [
        ['token', '--system', '--scope', 'user/*.rs', '--data-dir', dataDir],
        /not a system\/ resource scope/,
      ],
      [
        [
          'user',
          'create',
          '--email',
          'x@example.org',
          '--password',
          'long enough password',
          '--fhir-user',
          'Practitioner/nadia',
          '--data-dir',
          dataDir,
        ],
        /in use by another Careweave process/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = careweave(...args);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
