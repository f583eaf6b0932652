import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
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

describe('careweave migrate, import, user, client and token beside a running server (embedded database)', () => {
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
    // `import` never creates a database in a directory that holds none: set it up first.
    const refused = careweave('import', join(dir, 'network.json'), '--data-dir', dataDir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/holds no Careweave database: expected .*pgdata/);
    const migrated = careweave('migrate', '--data-dir', dataDir);
    expect(migrated.status, migrated.stderr).toBe(0);
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

  it('registers a back-end service from its JWKS file beside the running server; it signs in with private_key_jwt and exports', async () => {
    // The service's own key and JWT, made with node:crypto alone (no JOSE library on this side).
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const kid = randomUUID();
    const jwksFile = join(dir, 'service.jwks.json');
    writeFileSync(
      jwksFile,
      JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid }] }),
    );
    const created = careweave(
      'client',
      'create',
      '--name',
      'Registry feed',
      '--jwks-file',
      jwksFile,
      '--scope',
      'system/*.rs',
      '--data-dir',
      dataDir,
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('authentication: private_key_jwt');
    expect(created.stdout).not.toContain('client_secret');
    const serviceId = lastLine(created.stdout).replace('client_id: ', '');
    const part = (value: object): string =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${part({ alg: 'ES384', kid, typ: 'JWT' })}.${part({
      iss: serviceId,
      sub: serviceId,
      aud: `${url}/oauth2/token`,
      exp: Math.floor(Date.now() / 1000) + 240,
      jti: randomUUID(),
    })}`;
    const signature = sign('sha384', Buffer.from(signingInput), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64url');
    const assertion = `${signingInput}.${signature}`;
    const granted = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'system/*.rs',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }).toString(),
    });
    expect(granted.status).toBe(200);
    const { access_token } = (await granted.json()) as { access_token: string };
    const kickOff = await fetch(`${url}/fhir/R4/$export?_type=Organization`, {
      headers: { Authorization: `Bearer ${access_token}`, Prefer: 'respond-async' },
    });
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get('content-location') ?? '';
    let manifest: { output: { type: string; count: number }[] } | undefined;
    for (let i = 0; i < 600 && !manifest; i++) {
      const status = await fetch(statusUrl, {
        headers: { Authorization: `Bearer ${access_token}` },
      });
      if (status.status === 200) {
        manifest = (await status.json()) as typeof manifest;
      } else {
        expect(status.status).toBe(202);
        await new Promise((resolveWait) => setTimeout(resolveWait, 100));
      }
    }
    // As many Organizations as the same token's search finds (the imported one, and the owner of
    // the automated agents' Devices that migrate registers).
    const search = await fetch(`${url}/fhir/R4/Organization?_summary=count`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    const { total } = (await search.json()) as { total: number };
    expect(total).toBeGreaterThan(0);
    expect(manifest?.output.map((o) => [o.type, o.count])).toEqual([['Organization', total]]);
  });

  it('creates accounts and clients beside the running server by asking it (loopback, a token from the key file)', async () => {
    const lock = JSON.parse(readFileSync(join(dataDir, 'careweave.lock'), 'utf8')) as {
      pid: number;
      url: string;
    };
    expect(lock.url).toBe(url);
    const created = careweave(
      'user',
      'create',
      '--email',
      'grace@example.org',
      '--password',
      'temporary harbour view',
      '--temporary',
      '--fhir-user',
      'Practitioner/nadia',
      '--role',
      'social-worker',
      '--data-dir',
      dataDir,
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain(
      'Created account grace@example.org: Nadia Haddad, social-worker, acting as Practitioner/nadia; organisations: Organization/north; the password is temporary',
    );
    expect(created.stderr).toContain(`through the server at ${url}`);
    // The server that holds the database has the account at once.
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'grace@example.org', password: 'temporary harbour view' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { mustChangePassword: boolean } }).user).toMatchObject({
      mustChangePassword: true,
    });

    const client = careweave(
      'client',
      'create',
      '--name',
      'Patient app',
      '--redirect-uri',
      'http://localhost:3000/cb',
      '--data-dir',
      dataDir,
    );
    expect(client.status, client.stderr).toBe(0);
    expect(client.stdout).toMatch(/Registered public client "Patient app"/);
    const listed = careweave('client', 'list', '--data-dir', dataDir);
    expect(listed.stdout).toContain('Patient app');
    const users = careweave('user', 'list', '--data-dir', dataDir);
    expect(users.stdout).toMatch(/grace@example.org\s+social-worker\s+temporary/);
    const disabled = careweave(
      'user',
      'disable',
      '--email',
      'grace@example.org',
      '--data-dir',
      dataDir,
    );
    expect(disabled.stdout).toContain('grace@example.org is disabled');

    // What the CLI did is in the audit log, as the system client careweave-cli.
    const token = lastLine(
      careweave('token', '--system', '--scope', 'careweave/admin', '--data-dir', dataDir).stdout,
    );
    const audit = await fetch(`${url}/api/admin/audit?action=administration`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const rows = ((await audit.json()) as { rows: { action: string; user: string }[] }).rows;
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['Account created', 'App registered', 'Account disabled']),
    );
    expect(rows.every((r) => r.user === 'system client careweave-cli')).toBe(true);
  });

  it('has doctor ask the running server instead of opening its database', () => {
    const port = new URL(url).port;
    const result = careweave('doctor', '--data-dir', dataDir, '--port', port);
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toContain(
      `✓ A Careweave server (pid ${serve?.pid ?? ''}) runs at ${url}`,
    );
    expect(result.stdout).toMatch(/✓ Database schema up to date/);
    expect(result.stdout).toContain(
      `✓ Port ${port} is used by the Careweave server of this data directory`,
    );
  });

  it('explains what is wrong instead of failing obscurely', () => {
    const cases: [string[], RegExp][] = [
      [['token', '--data-dir', dataDir], /exactly one of --system or --user/],
      [
        ['token', '--system', '--scope', 'user/*.rs', '--data-dir', dataDir],
        /not a system\/ resource scope/,
      ],
      // Asked through the running server, which refuses as the database would.
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
        /needs --role/,
      ],
      [
        [
          'user',
          'create',
          '--email',
          'nadia@example.org',
          '--password',
          'another long password',
          '--fhir-user',
          'Practitioner/nadia',
          '--role',
          'nurse',
          '--data-dir',
          dataDir,
        ],
        /already exists/,
      ],
      [
        [
          'user',
          'create',
          '--email',
          'weak@example.org',
          '--password',
          'password1234',
          '--fhir-user',
          'Practitioner/nadia',
          '--role',
          'nurse',
          '--data-dir',
          dataDir,
        ],
        /most commonly used passwords/,
      ],
      [['client', 'create', '--name', 'No redirect', '--data-dir', dataDir], /needs at least one/],
      // A directory without a Careweave database or key: named, with what was found.
      [
        ['token', '--system', '--data-dir', join(dir, 'elsewhere')],
        /holds no Careweave database or key: expected .*pgdata.* but it does not exist/,
      ],
      [
        ['user', 'list', '--data-dir', dir],
        /holds no Careweave database: expected .*pgdata.* but it holds data\/, network\.json/,
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
