import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { dumpDatabase } from '@careweave/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryParam } from '../api/care-http.js';
import { exportAuditLog, searchAuditLog, type AuditQuery } from './audit-log.js';
import {
  listAdminClients,
  registerAdminClient,
  revokeAdminClient,
  rotateClientSecret,
  updateAdminClient,
} from './clients.js';
import { adminError } from './errors.js';
import { requireAdministrator } from './guard.js';
import {
  readClientUpdate,
  readNewClient,
  readNewUser,
  readPasswordReset,
} from './request-bodies.js';
import { systemStatus } from './system.js';
import {
  createUser,
  listUsers,
  resetPassword,
  setUserDisabled,
  type AdminActor,
  type AdminDeps,
} from './users.js';

/** Route options of every admin route: a bearer token, and 403 unless its holder administers Careweave. */
const ADMIN = {
  config: { access: 'authenticated' as const },
  preHandler: async (request: FastifyRequest): Promise<void> => requireAdministrator(request),
};

/** Who is acting, for the audit trail. */
function actorOf(request: FastifyRequest): AdminActor {
  const identity = request.identity;
  return {
    ctx: request.careweave,
    ip: request.ip,
    ...(identity?.kind === 'user' ? { accountId: identity.accountId } : {}),
  };
}

function auditQuery(request: FastifyRequest): AuditQuery {
  return {
    user: queryParam(request, 'user'),
    patient: queryParam(request, 'patient'),
    action: queryParam(request, 'action'),
    outcome: queryParam(request, 'outcome'),
    from: queryParam(request, 'from'),
    to: queryParam(request, 'to'),
  };
}

/**
 * The administration API under `/api/admin` (the web app's Administration pages and the CLI
 * beside a running server). Every route answers 403 to anyone but an administrator (or a system
 * token with `careweave/admin`), checked here on the server; every change is audited in the same
 * transaction, and reading or exporting the audit log is audited too.
 */
export function registerAdminRoutes(
  app: FastifyInstance,
  deps: AdminDeps & { version: string },
): void {
  app.get('/api/admin/users', ADMIN, async (request) => {
    const status = queryParam(request, 'status');
    if (status !== undefined && status !== 'enabled' && status !== 'disabled') {
      throw adminError(400, 'invalid', 'status must be enabled or disabled');
    }
    return {
      users: await listUsers(deps, {
        text: queryParam(request, 'search'),
        role: queryParam(request, 'role'),
        status,
      }),
    };
  });

  app.post('/api/admin/users', ADMIN, async (request, reply) =>
    reply.status(201).send(await createUser(deps, actorOf(request), readNewUser(request.body))),
  );

  app.post<{ Params: { id: string } }>('/api/admin/users/:id/disable', ADMIN, async (request) =>
    setUserDisabled(deps, actorOf(request), request.params.id, true),
  );
  app.post<{ Params: { id: string } }>('/api/admin/users/:id/enable', ADMIN, async (request) =>
    setUserDisabled(deps, actorOf(request), request.params.id, false),
  );
  app.post<{ Params: { id: string } }>('/api/admin/users/:id/password', ADMIN, async (request) =>
    resetPassword(
      deps,
      actorOf(request),
      request.params.id,
      readPasswordReset(request.body).password,
    ),
  );

  app.get('/api/admin/clients', ADMIN, async () => ({ clients: await listAdminClients(deps) }));

  app.post('/api/admin/clients', ADMIN, async (request, reply) => {
    const result = await registerAdminClient(deps, actorOf(request), readNewClient(request.body));
    return reply.status(201).header('Cache-Control', 'no-store').send(result);
  });

  app.patch<{ Params: { id: string } }>('/api/admin/clients/:id', ADMIN, async (request) => {
    return updateAdminClient(
      deps,
      actorOf(request),
      request.params.id,
      readClientUpdate(request.body),
    );
  });

  app.post<{ Params: { id: string } }>(
    '/api/admin/clients/:id/secret',
    ADMIN,
    async (request, reply) =>
      reply
        .header('Cache-Control', 'no-store')
        .send(await rotateClientSecret(deps, actorOf(request), request.params.id)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/admin/clients/:id',
    ADMIN,
    async (request, reply) => {
      await revokeAdminClient(deps, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get('/api/admin/audit', ADMIN, async (request) => {
    const countText = queryParam(request, 'count') ?? '50';
    const count = Number(countText);
    if (!Number.isInteger(count) || count < 1 || count > 200) {
      throw adminError(400, 'invalid', 'count must be a whole number from 1 to 200');
    }
    return searchAuditLog(deps, actorOf(request), auditQuery(request), {
      count,
      cursor: queryParam(request, 'cursor'),
    });
  });

  app.get('/api/admin/audit.csv', ADMIN, async (request, reply) => {
    const lines = exportAuditLog(deps, actorOf(request), auditQuery(request));
    // The first line is produced before the answer starts, so a bad filter is still a clean 400.
    const first = await lines.next();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    async function* all(): AsyncGenerator<string> {
      if (!first.done) yield first.value;
      yield* lines;
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="careweave-audit-${stamp}.csv"`)
      .send(Readable.from(all()));
  });

  app.get('/api/admin/system', ADMIN, async () => systemStatus(deps, deps.version));

  // `careweave backup` beside a server that holds the embedded data directory (no second process
  // may open it): the same consistent snapshot, as the backup's NDJSON lines. It is written to a
  // private temporary file first, because the snapshot's transaction must not wait on the network:
  // on PGlite it holds the only connection, which the response's own hooks may need.
  // Only the operator's token (minted from the key file: `careweave backup`) may take the whole
  // database, password hashes included; an administrator's login may not.
  app.get('/api/admin/backup', ADMIN, async (request, reply) => {
    if (request.identity?.kind !== 'system') {
      throw adminError(403, 'forbidden', 'Only the operator (careweave backup) may take a backup');
    }
    const dir = await mkdtemp(join(tmpdir(), 'careweave-backup-'));
    const path = join(dir, 'backup.ndjson');
    const file = createWriteStream(path, { mode: 0o600 });
    try {
      await dumpDatabase(deps.db, async (line) => {
        if (!file.write(`${line}\n`)) await once(file, 'drain');
      });
      file.end();
      await finished(file);
    } catch (err) {
      file.destroy();
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const body = createReadStream(path);
    body.once('close', () => void rm(dir, { recursive: true, force: true }));
    return reply.type('application/x-ndjson').header('Cache-Control', 'no-store').send(body);
  });
}
