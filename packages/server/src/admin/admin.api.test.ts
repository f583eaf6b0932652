import { createAccessService, type AuditLog } from '@careweave/care';
import type { OperationOutcome, PractitionerRole } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionUser } from '../auth/provision.js';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';
import { ADMIN_SCOPE } from './guard.js';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown> & Partial<OperationOutcome>;
}

const ADMIN_PASSWORD = 'river stone lantern 42';
const COORDINATOR_PASSWORD = 'quiet orchard evening';

describe.each(testDatabaseKinds())('administration in the app, on %s', (kind) => {
  let server: LiveServer;
  let adminToken: string;
  let coordinatorToken: string;
  let adminAccountId: string;
  let nextIp = 1;
  const ip = (): string => `10.9.${kind === 'pglite' ? 1 : 2}.${nextIp++}`;

  async function call(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; raw?: string } = {},
  ): Promise<Answer> {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: {
        'X-Forwarded-For': ip(),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined || init.raw !== undefined
          ? { 'Content-Type': 'application/json' }
          : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init.raw !== undefined ? { body: init.raw } : {}),
    });
    const text = await response.text();
    let body: Answer['body'];
    try {
      body = text ? (JSON.parse(text) as Answer['body']) : {};
    } catch {
      body = {};
    }
    return { status: response.status, headers: response.headers, text, body };
  }
  const login = (email: string, password: string): Promise<Answer> =>
    call('POST', '/auth/login', { body: { email, password } });
  const tokenOf = async (email: string, password: string): Promise<string> => {
    const answer = await login(email, password);
    expect(answer.status, answer.text).toBe(200);
    return answer.body['access_token'] as string;
  };

  beforeAll(async () => {
    // Logins are audited as startServer does it: through care/access's audit trail.
    const trail: { log?: AuditLog } = {};
    server = await startLiveServer(kind, {
      trustProxy: true,
      domainHooks: true,
      auth: { onLogin: (event) => trail.log?.recordLogin(event) },
    });
    trail.log = createAccessService(server.repo).audit;
    const { repo, db } = server;
    await repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Organization',
      id: 'adm-network',
      name: 'Riverside Network',
    });
    await repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Organization',
      id: 'adm-practice',
      name: 'Northside Practice',
    });
    for (const [id, given, family, org] of [
      ['adm-sam', 'Sam', 'Patel', 'adm-network'],
      ['adm-nadia', 'Nadia', 'Haddad', 'adm-network'],
      ['adm-grace', 'Grace', 'Mensah', 'adm-network'],
    ] as const) {
      await repo.update(SYSTEM_CONTEXT, {
        resourceType: 'Practitioner',
        id,
        name: [{ given: [given], family }],
      });
      await repo.update(SYSTEM_CONTEXT, {
        resourceType: 'PractitionerRole',
        id: `${id}-role`,
        practitioner: { reference: `Practitioner/${id}` },
        organization: { reference: `Organization/${org}` },
      });
    }
    await repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Patient',
      id: 'adm-rosa',
      name: [{ given: ['Rosa'], family: 'Delgado' }],
    });
    const admin = await provisionUser(db, repo, {
      email: 'sam@adm.example',
      password: ADMIN_PASSWORD,
      fhirUser: 'Practitioner/adm-sam',
      role: 'administrator',
    });
    adminAccountId = admin.id;
    await provisionUser(db, repo, {
      email: 'nadia@adm.example',
      password: COORDINATOR_PASSWORD,
      fhirUser: 'Practitioner/adm-nadia',
      role: 'care-coordinator',
    });
    adminToken = await tokenOf('sam@adm.example', ADMIN_PASSWORD);
    coordinatorToken = await tokenOf('nadia@adm.example', COORDINATOR_PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is for administrators only, enforced by the server: 401 without a token, 403 for every other caller', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users', { email: 'x@y.example', role: 'nurse', password: 'x' }],
      ['POST', '/api/admin/users/any/disable'],
      ['POST', '/api/admin/users/any/enable'],
      ['POST', '/api/admin/users/any/password', { password: 'x' }],
      ['GET', '/api/admin/clients'],
      ['POST', '/api/admin/clients', { name: 'x' }],
      ['PATCH', '/api/admin/clients/any', { name: 'x' }],
      ['POST', '/api/admin/clients/any/secret'],
      ['DELETE', '/api/admin/clients/any'],
      ['GET', '/api/admin/audit'],
      ['GET', '/api/admin/audit.csv'],
      ['GET', '/api/admin/system'],
    ];
    const fhirOnly = await server.mintToken({
      kind: 'system',
      sub: 'svc',
      scopes: ['system/*.cruds'],
    });
    for (const [method, path, body] of routes) {
      const init = body === undefined ? {} : { body };
      expect((await call(method, path, init)).status, `${method} ${path} anonymous`).toBe(401);
      const coordinator = await call(method, path, { ...init, token: coordinatorToken });
      expect(coordinator.status, `${method} ${path} as a coordinator`).toBe(403);
      expect(coordinator.body.resourceType).toBe('OperationOutcome');
      expect((await call(method, path, { ...init, token: fhirOnly })).status).toBe(403);
    }
    const cli = await server.mintToken({
      kind: 'system',
      sub: 'careweave-cli',
      scopes: [ADMIN_SCOPE],
    });
    expect((await call('GET', '/api/admin/users', { token: cli })).status).toBe(200);
    // The admin scope opens administration only, not the record.
    expect((await call('GET', '/fhir/R4/Patient', { token: cli })).status).toBe(403);
  });

  it('creates an account with a temporary password, refusing weak passwords and taken emails; the person must change it before anything else', async () => {
    const base = {
      email: 'grace@adm.example',
      role: 'social-worker',
      fhirUser: 'Practitioner/adm-grace',
      temporaryPassword: true,
    };
    const short = await call('POST', '/api/admin/users', {
      token: adminToken,
      body: { ...base, password: 'Grace2024!' },
    });
    expect(short.status).toBe(400);
    expect(short.body.issue?.[0]?.details?.text).toMatch(/at least 12 characters/);
    const common = await call('POST', '/api/admin/users', {
      token: adminToken,
      body: { ...base, password: 'Password1234!' },
    });
    expect(common.status).toBe(400);
    expect(common.body.issue?.[0]?.details?.text).toMatch(/commonly used/);

    const created = await call('POST', '/api/admin/users', {
      token: adminToken,
      body: { ...base, password: 'welcome to riverside 7' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      email: 'grace@adm.example',
      role: 'social-worker',
      fhirUser: 'Practitioner/adm-grace',
      mustChangePassword: true,
      disabled: false,
      lastLoginAt: null,
      organizations: [{ id: 'adm-network', name: 'Riverside Network' }],
    });
    const again = await call('POST', '/api/admin/users', {
      token: adminToken,
      body: { ...base, password: 'welcome to riverside 7' },
    });
    expect(again.status).toBe(409);

    // Grace signs in with the temporary password: told to change it, and nothing else works.
    const first = await login('grace@adm.example', 'welcome to riverside 7');
    expect(first.status).toBe(200);
    expect((first.body['user'] as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    const token = first.body['access_token'] as string;
    const blocked = await call('GET', '/fhir/R4/Patient', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.id).toBe('password-change-required');
    expect((await call('GET', '/api/worklist', { token })).status).toBe(403);
    expect((await call('GET', '/auth/me', { token })).body['mustChangePassword']).toBe(true);

    const wrong = await call('POST', '/auth/password', {
      token,
      body: { current_password: 'not it at all', new_password: 'lighthouse meadow copper' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.issue?.[0]?.details?.text).toMatch(/current password is not correct/);
    const weak = await call('POST', '/auth/password', {
      token,
      body: { current_password: 'welcome to riverside 7', new_password: 'qwerty123456' },
    });
    expect(weak.status).toBe(400);
    const changed = await call('POST', '/auth/password', {
      token,
      body: {
        current_password: 'welcome to riverside 7',
        new_password: 'lighthouse meadow copper',
      },
    });
    expect(changed.status, changed.text).toBe(200);
    expect((changed.body['user'] as { mustChangePassword: boolean }).mustChangePassword).toBe(
      false,
    );
    // The same session goes on, now with the workspace open.
    expect((await call('GET', '/fhir/R4/Patient?_count=1', { token })).status).toBe(200);
    expect((await login('grace@adm.example', 'welcome to riverside 7')).status).toBe(401);
    expect((await login('grace@adm.example', 'lighthouse meadow copper')).status).toBe(200);

    const list = await call('GET', '/api/admin/users?search=grace', { token: adminToken });
    const users = list.body['users'] as {
      email: string;
      lastLoginAt: string | null;
      mustChangePassword: boolean;
    }[];
    expect(users.map((u) => u.email)).toEqual(['grace@adm.example']);
    expect(users[0]?.lastLoginAt).not.toBeNull();
    expect(users[0]?.mustChangePassword).toBe(false);
  });

  it('adds a colleague who is not in the directory yet: Practitioner, PractitionerRole and account in one go', async () => {
    const noOrg = await call('POST', '/api/admin/users', {
      token: adminToken,
      body: {
        email: 'omar@adm.example',
        role: 'nurse',
        password: 'harbour lights at dusk',
        newPractitioner: { given: 'Omar', family: 'Reyes' },
      },
    });
    expect(noOrg.status).toBe(400);
    const created = await call('POST', '/api/admin/users', {
      token: adminToken,
      body: {
        email: 'omar@adm.example',
        role: 'nurse',
        password: 'harbour lights at dusk',
        temporaryPassword: true,
        newPractitioner: { given: 'Omar', family: 'Reyes' },
        organizationIds: ['adm-practice'],
      },
    });
    expect(created.status, created.text).toBe(201);
    const fhirUser = created.body['fhirUser'] as string;
    expect(fhirUser).toMatch(/^Practitioner\//);
    expect(created.body['displayName']).toBe('Omar Reyes');
    const roles = await server.repo.search(SYSTEM_CONTEXT, 'PractitionerRole', [
      ['practitioner', fhirUser],
    ]);
    const role = roles.resources[0] as PractitionerRole;
    expect(role.organization?.reference).toBe('Organization/adm-practice');
    expect(role.code?.[0]?.coding?.map((c) => c.code)).toContain('224535009');

    // A failed creation leaves nothing behind (the email is taken: no second Practitioner).
    const before = await server.repo.search(SYSTEM_CONTEXT, 'Practitioner', [['name', 'Reyes']]);
    const dup = await call('POST', '/api/admin/users', {
      token: adminToken,
      body: {
        email: 'omar@adm.example',
        role: 'nurse',
        password: 'harbour lights at dusk',
        newPractitioner: { given: 'Omar', family: 'Reyes' },
        organizationIds: ['adm-practice'],
      },
    });
    expect(dup.status).toBe(409);
    const after = await server.repo.search(SYSTEM_CONTEXT, 'Practitioner', [['name', 'Reyes']]);
    expect(after.resources.length).toBe(before.resources.length);
  });

  it('disables and re-enables an account, resets a password, and keeps the last administrator', async () => {
    const users = (await call('GET', '/api/admin/users?search=nadia', { token: adminToken })).body[
      'users'
    ] as { id: string }[];
    const nadia = users[0]?.id ?? '';
    const disabled = await call('POST', `/api/admin/users/${nadia}/disable`, { token: adminToken });
    expect(disabled.status).toBe(200);
    expect(disabled.body['disabled']).toBe(true);
    expect((await call('GET', '/auth/me', { token: coordinatorToken })).status).toBe(401);
    expect((await login('nadia@adm.example', COORDINATOR_PASSWORD)).status).toBe(401);
    const enabled = await call('POST', `/api/admin/users/${nadia}/enable`, { token: adminToken });
    expect(enabled.body['disabled']).toBe(false);
    coordinatorToken = await tokenOf('nadia@adm.example', COORDINATOR_PASSWORD);

    const reset = await call('POST', `/api/admin/users/${nadia}/password`, {
      token: adminToken,
      body: { password: 'temporary garden path' },
    });
    expect(reset.status, reset.text).toBe(200);
    expect(reset.body['mustChangePassword']).toBe(true);
    expect((await call('GET', '/auth/me', { token: coordinatorToken })).status).toBe(401);
    const relogin = await login('nadia@adm.example', 'temporary garden path');
    expect((relogin.body['user'] as { mustChangePassword: boolean }).mustChangePassword).toBe(true);

    const self = await call('POST', `/api/admin/users/${adminAccountId}/disable`, {
      token: adminToken,
    });
    expect(self.status).toBe(409);
    const missing = await call('POST', '/api/admin/users/no-such-account/disable', {
      token: adminToken,
    });
    expect(missing.status).toBe(404);
  });

  it('registers SMART clients with the secret shown once, changes their redirect URIs and scopes, replaces the secret and revokes them', async () => {
    const bad = await call('POST', '/api/admin/clients', {
      token: adminToken,
      body: { name: 'Insecure', redirectUris: ['http://apps.example/cb'] },
    });
    expect(bad.status).toBe(400);
    const created = await call('POST', '/api/admin/clients', {
      token: adminToken,
      body: { name: 'Outcomes warehouse', confidential: true, scopes: ['system/Observation.rs'] },
    });
    expect(created.status, created.text).toBe(201);
    const secret = created.body['secret'] as string;
    const client = created.body['client'] as { clientId: string; kind: string };
    expect(secret.length).toBeGreaterThan(20);
    expect(client.kind).toBe('confidential');
    const listed = await call('GET', '/api/admin/clients', { token: adminToken });
    expect(listed.text).not.toContain(secret);

    const token = await fetch(`${server.origin}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: secret,
      }).toString(),
    });
    expect(token.status).toBe(200);
    const activity = (
      (await call('GET', '/api/admin/clients', { token: adminToken })).body['clients'] as {
        clientId: string;
        lastUsedAt: string | null;
      }[]
    ).find((c) => c.clientId === client.clientId);
    expect(activity?.lastUsedAt).not.toBeNull();

    const changed = await call('PATCH', `/api/admin/clients/${client.clientId}`, {
      token: adminToken,
      body: { scopes: ['system/Observation.rs', 'system/Patient.rs'] },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body['scopes']).toEqual(['system/Observation.rs', 'system/Patient.rs']);
    const rotated = await call('POST', `/api/admin/clients/${client.clientId}/secret`, {
      token: adminToken,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body['secret']).not.toBe(secret);
    const revoked = await call('DELETE', `/api/admin/clients/${client.clientId}`, {
      token: adminToken,
    });
    expect(revoked.status).toBe(204);
    expect(
      (await call('DELETE', `/api/admin/clients/${client.clientId}`, { token: adminToken })).status,
    ).toBe(404);
  });

  it('finds sign-ins, failures and administrative actions in the audit log, exports them as CSV, and audits its own use', async () => {
    const grace = await call('GET', '/api/admin/audit?user=grace@adm.example&count=200', {
      token: adminToken,
    });
    expect(grace.status, grace.text).toBe(200);
    const rows = grace.body['rows'] as {
      action: string;
      outcome: string;
      user: string;
      detail: string | null;
      recorded: string;
    }[];
    const actions = rows.map((r) => `${r.action}/${r.outcome}`);
    expect(actions).toContain('Sign-in/success');
    expect(actions).toContain('Sign-in/failure'); // the old temporary password, after the change
    expect(actions).toContain('Password changed/success');
    // Newest first.
    const times = rows.map((r) => r.recorded);
    expect([...times].sort().reverse()).toEqual(times);

    const failures = await call('GET', '/api/admin/audit?action=login&outcome=failure', {
      token: adminToken,
    });
    const failed = failures.body['rows'] as { action: string; outcome: string }[];
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.action === 'Sign-in' && r.outcome === 'failure')).toBe(true);

    const admin = await call('GET', '/api/admin/audit?action=administration&from=2000-01-01', {
      token: adminToken,
    });
    const adminActions = (admin.body['rows'] as { action: string }[]).map((r) => r.action);
    expect(adminActions).toEqual(
      expect.arrayContaining([
        'Account created',
        'Account disabled',
        'App registered',
        'App revoked',
      ]),
    );

    const patient = await call('GET', '/api/admin/audit?patient=Patient/adm-rosa', {
      token: adminToken,
    });
    expect(patient.status).toBe(200);

    const csv = await call('GET', '/api/admin/audit.csv?user=grace@adm.example', {
      token: adminToken,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="careweave-audit-/,
    );
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^recorded,action,outcome,detail,user/);
    expect(lines.length).toBe(rows.length + 1);

    const used = await call('GET', '/api/admin/audit?action=audit-log', { token: adminToken });
    const uses = (used.body['rows'] as { action: string }[]).map((r) => r.action);
    expect(uses).toEqual(expect.arrayContaining(['Audit log searched', 'Audit log exported']));

    for (const bad of [
      'action=nonsense',
      'outcome=maybe',
      'from=yesterday',
      'count=0',
      'count=1.5',
      'cursor=not-a-cursor',
      'patient=../x',
    ]) {
      const answer = await call('GET', `/api/admin/audit?${bad}`, { token: adminToken });
      expect(answer.status, bad).toBe(400);
      expect(answer.body.resourceType).toBe('OperationOutcome');
    }
  });

  it('answers bad input with 400, never 500', async () => {
    for (const [method, path, raw] of [
      ['POST', '/api/admin/users', '[]'],
      ['POST', '/api/admin/users', '{"email": 5, "role": "nurse", "password": "x"}'],
      [
        'POST',
        '/api/admin/users',
        '{"email": "a@b.example", "role": "nurse", "password": "long enough pass", "newPractitioner": "Omar"}',
      ],
      [
        'POST',
        '/api/admin/users',
        '{"email": "a@b.example", "role": "nurse", "password": "long enough pass", "organizationIds": [1]}',
      ],
      [
        'POST',
        '/api/admin/users',
        '{"email": "a@b.example", "role": "wizard", "password": "long enough pass", "fhirUser": "Practitioner/adm-grace"}',
      ],
      ['POST', '/api/admin/clients', '{"name": ["x"]}'],
      ['POST', '/api/admin/clients', '{"name": "x", "confidential": "yes"}'],
      ['PATCH', '/api/admin/clients/x', 'null'],
      ['POST', '/auth/password', '{"current_password": 1}'],
    ] as const) {
      const answer = await call(method, path, { token: adminToken, raw });
      expect(answer.status, `${path} ${raw}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${path} ${raw}`).toBeLessThan(500);
    }
    const system = await call('GET', '/api/admin/system', { token: adminToken });
    expect(system.status).toBe(200);
    expect(system.body).toMatchObject({ database: kind === 'pglite' ? 'pglite' : 'postgres' });
    expect((system.body['migrations'] as { pending: string[] }).pending).toEqual([]);
  });
});
