import { accessStory } from '@careweave/care/testing';
import { USER_ROLES, type UserRole } from '@careweave/contract';
import { SYSTEM_CONTEXT, createAccount, type Database, type Repository } from '@careweave/store';
import { openTestDatabase, type TestDatabase } from '@careweave/store/testing';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registeredRoutes, type RegisteredRoute } from '../../app.js';
import { generateSigningKeys, type SigningKeys } from '../../auth/keys.js';
import { ADMIN_SCOPE, defaultScopesForRole } from '../../auth/scopes.js';
import { mintAccessToken } from '../../auth/tokens.js';
import { assembleApp, wireAccess } from '../../start.js';

/**
 * Who calls in the route-guard walk and the hostile-input corpus: nobody, one account of every
 * role (`USER_ROLES`), a registered confidential client (client credentials: `system/*.rs`) and an
 * operator's token (`careweave token`: `system/*.cruds` plus the administration scope).
 */
export const CALLERS = ['anonymous', ...USER_ROLES, 'system-client', 'operator'] as const;
export type Caller = (typeof CALLERS)[number];

/** The story user whose account a role's caller uses (the story's people, then a few more). */
const ROLE_ACCOUNTS: Record<UserRole, { fhirUser: string; org: string }> = {
  administrator: { fhirUser: 'Practitioner/sec-admin', org: accessStory.ORG.network },
  'care-coordinator': { fhirUser: 'Practitioner/coord', org: accessStory.ORG.network },
  physician: { fhirUser: 'Practitioner/gp-team', org: accessStory.ORG.practice },
  nurse: { fhirUser: 'Practitioner/sec-nurse', org: accessStory.ORG.practice },
  'behavioural-health': { fhirUser: 'Practitioner/psych', org: accessStory.ORG.bh },
  'social-worker': { fhirUser: 'Practitioner/sec-social', org: accessStory.ORG.network },
  pharmacist: { fhirUser: 'Practitioner/sec-pharm', org: accessStory.ORG.practice },
  'community-health-worker': { fhirUser: 'Practitioner/sec-chw', org: accessStory.ORG.network },
  'programme-manager': { fhirUser: 'Practitioner/pm', org: accessStory.ORG.network },
  'community-organisation': { fhirUser: 'Practitioner/foodbank', org: accessStory.ORG.foodBank },
  patient: { fhirUser: 'Patient/ana', org: accessStory.ORG.network },
  caregiver: { fhirUser: 'RelatedPerson/ana-caregiver', org: accessStory.ORG.network },
};

/** An answer: status, headers and the body (parsed JSON when it is JSON, else the text). */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** A request of the walk or the corpus. `body` as a string is sent as is. */
export interface Probe {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The production HTTP surface (`assembleApp`) over the access story, one token per caller. */
export interface SecurityServer {
  origin: string;
  app: FastifyInstance;
  db: Database;
  repo: Repository;
  keys: SigningKeys;
  routes: readonly RegisteredRoute[];
  /** The bearer token of a caller (none for `anonymous`). */
  token(caller: Caller): string | undefined;
  call(caller: Caller, probe: Probe): Promise<Answer>;
  close(): Promise<void>;
}

async function seedExtraStaff(repo: Repository): Promise<void> {
  const extra = Object.values(ROLE_ACCOUNTS).filter((a) =>
    a.fhirUser.startsWith('Practitioner/sec-'),
  );
  for (const { fhirUser, org } of extra) {
    const id = fhirUser.slice('Practitioner/'.length);
    await repo.update(SYSTEM_CONTEXT, { resourceType: 'Practitioner', id, name: [{ text: id }] });
    await repo.update(SYSTEM_CONTEXT, {
      resourceType: 'PractitionerRole',
      id: `${id}-role`,
      active: true,
      practitioner: { reference: fhirUser },
      organization: { reference: `Organization/${org}` },
    });
  }
}

/**
 * Serves the product's whole HTTP surface the way `startServer` assembles it (production write
 * hooks, care/access contexts, the access routes, the web app from a stand-in build) over the
 * access story on a fresh database of the given kind, listening on an ephemeral port.
 */
export async function startSecurityServer(kind: TestDatabase['name']): Promise<SecurityServer> {
  const database = await openTestDatabase(kind);
  const webDist = mkdtempSync(join(tmpdir(), 'careweave-web-'));
  try {
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Careweave</title>');
    const { access, repo } = wireAccess(database.db);
    const { directory, records } = accessStory.storyResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(directory, { skipUnchanged: false }),
    );
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(records, { skipUnchanged: false }),
    );
    await seedExtraStaff(repo);
    const keys = await generateSigningKeys();
    const tokens = new Map<Caller, string>();
    for (const role of USER_ROLES) {
      const { fhirUser, org } = ROLE_ACCOUNTS[role];
      const email = `${role}@security.test`;
      await createAccount(database.db, {
        email,
        passwordHash: 'not-used',
        fhirUser,
        role,
        organizationIds: [org],
        displayName: role,
      });
      tokens.set(
        role,
        await mintAccessToken(keys, {
          kind: 'user',
          sub: email,
          fhirUser,
          scopes: defaultScopesForRole(role),
        }),
      );
    }
    tokens.set(
      'system-client',
      await mintAccessToken(keys, { kind: 'system', sub: 'sec-client', scopes: ['system/*.rs'] }),
    );
    tokens.set(
      'operator',
      await mintAccessToken(keys, {
        kind: 'system',
        sub: 'sec-operator',
        scopes: ['system/*.cruds', ADMIN_SCOPE],
      }),
    );
    const app = await assembleApp(
      { db: database.db, repo, version: 'test', logger: false, auth: { keys, access } },
      access,
      webDist,
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    return {
      origin,
      app,
      db: database.db,
      repo,
      keys,
      routes: registeredRoutes(app),
      token: (caller) => tokens.get(caller),
      async call(caller, probe) {
        const token = tokens.get(caller);
        const body =
          probe.body === undefined
            ? undefined
            : typeof probe.body === 'string'
              ? probe.body
              : JSON.stringify(probe.body);
        const response = await fetch(`${origin}${probe.path}`, {
          method: probe.method,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
            ...probe.headers,
          },
          ...(body === undefined ? {} : { body }),
          redirect: 'manual',
        });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        return { status: response.status, headers: response.headers, body: parsed, text };
      },
      async close() {
        await app.close();
        await database.dispose();
        rmSync(webDist, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await database.dispose();
    rmSync(webDist, { recursive: true, force: true });
    throw err;
  }
}
