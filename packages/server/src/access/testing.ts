import { createAccessService, type AccessService } from '@careweave/care';
import { accessStory } from '@careweave/care/testing';
import { Repository, SYSTEM_CONTEXT, createAccount, type Database } from '@careweave/store';
import { openTestDatabase, type TestDatabase } from '@careweave/store/testing';
import type { AuditEvent } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../app.js';
import { generateSigningKeys } from '../auth/keys.js';
import { defaultScopesForRole } from '../auth/scopes.js';
import { mintAccessToken } from '../auth/tokens.js';
import { FHIR_BASE } from '../fhir/http.js';
import { registerAccessRoutes } from './routes.js';

type StoryUser = keyof typeof accessStory.USERS;

/** A live server over the access story (care/testing/story.ts), with an account and token per story user. */
export interface StoryServer {
  origin: string;
  baseUrl: string;
  db: Database;
  repo: Repository;
  access: AccessService;
  app: FastifyInstance;
  /** `fetch` as a story user (or the system), returning status and parsed JSON body. */
  call(
    user: StoryUser | 'system',
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  auditEvents(): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

/**
 * Serves the story the way `startServer` wires production: the Repository carries care/access's
 * write hooks, requests get contexts from `contextFor`, and the access routes and audit hook are
 * registered (if `buildApp` already registers them, pass `registerRoutes: false`).
 */
export async function startStoryServer(
  kind: TestDatabase['name'],
  options: { registerRoutes?: boolean } = {},
): Promise<StoryServer> {
  const database = await openTestDatabase(kind);
  try {
    const access = createAccessService(new Repository(database.db));
    const repo = new Repository(database.db, { hooks: access.writeHooks });
    const { directory, records } = accessStory.storyResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(directory, { skipUnchanged: false }),
    );
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(records, { skipUnchanged: false }),
    );
    const tokens = new Map<string, string>();
    const keys = await generateSigningKeys();
    for (const [name, identity] of Object.entries(accessStory.USERS)) {
      if (identity.kind !== 'user') continue;
      const { email, fhirUser, role, organizationIds, displayName } = identity;
      await createAccount(database.db, {
        email,
        passwordHash: 'not-used',
        fhirUser,
        role,
        organizationIds: [...organizationIds],
        displayName,
      });
      tokens.set(
        name,
        await mintAccessToken(keys, {
          kind: 'user',
          sub: email,
          fhirUser,
          scopes: defaultScopesForRole(role),
        }),
      );
    }
    tokens.set(
      'system',
      await mintAccessToken(keys, {
        kind: 'system',
        sub: 'access-tests',
        scopes: ['system/*.cruds'],
      }),
    );
    const app = await buildApp({
      db: database.db,
      repo,
      version: 'test',
      logger: false,
      auth: { keys, access },
    });
    if (options.registerRoutes !== false) {
      registerAccessRoutes(app, access);
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    return {
      origin,
      baseUrl: `${origin}${FHIR_BASE}`,
      db: database.db,
      repo,
      access,
      app,
      async call(user, method, path, body, headers = {}) {
        const response = await fetch(`${origin}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${tokens.get(user) ?? ''}`,
            ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return {
          status: response.status,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        };
      },
      async auditEvents() {
        return (
          await repo.search(SYSTEM_CONTEXT, 'AuditEvent', [
            ['_count', '1000'],
            ['_sort', '_lastUpdated'],
          ])
        ).resources as AuditEvent[];
      },
      async close() {
        await app.close();
        await database.dispose();
      },
    };
  } catch (err) {
    await database.dispose();
    throw err;
  }
}
