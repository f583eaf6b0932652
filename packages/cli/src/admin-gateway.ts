import { getStatus, OperationOutcomeError } from '@medplum/core';
import type { OperationOutcome } from '@medplum/fhirtypes';
import {
  ADMIN_SCOPE,
  createUser,
  listAdminClients,
  listUsers,
  loadOrCreateSigningKeys,
  mintAccessToken,
  registerAdminClient,
  resetPassword,
  revokeAdminClient,
  setUserDisabled,
  wireAccess,
  type AdminActor,
  type AdminClient,
  type AdminDeps,
  type AdminUser,
  type NewClient,
  type NewUser,
} from '@careweave/server';
import { migrate, openDatabase, readDataDirLock, type Database } from '@careweave/store';
import { existingDatabaseDir, existingKeyDir } from './data-dir.js';
import type { DatabaseFlags } from './options.js';

/**
 * Administration as the account and client commands use it, wherever the database is: opened
 * directly when no process holds it (or on PostgreSQL), or — when a running server holds the
 * embedded data directory — through that server's `/api/admin`, over loopback, with a short-lived
 * system token (`careweave/admin`) minted from the key file. Either way the same code in
 * `server/admin` does the work and audits it.
 */
export interface AdminGateway {
  /** "the server at http://127.0.0.1:8080" or "the database in DIR". */
  readonly where: string;
  createUser(input: NewUser): Promise<AdminUser>;
  listUsers(search?: string): Promise<AdminUser[]>;
  setDisabled(id: string, disabled: boolean): Promise<AdminUser>;
  resetPassword(id: string, password: string): Promise<AdminUser>;
  registerClient(input: NewClient): Promise<{ client: AdminClient; secret?: string }>;
  listClients(): Promise<AdminClient[]>;
  revokeClient(clientId: string): Promise<void>;
  close(): Promise<void>;
}

/** An error the command prints as it is (the server's OperationOutcome in words). */
export class AdminRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AdminRequestError';
  }
}

function outcomeText(outcome: OperationOutcome): string {
  return (
    (outcome.issue ?? [])
      .map((i) => i.details?.text ?? i.diagnostics ?? i.code)
      .filter(Boolean)
      .join('; ') || 'the server refused the request'
  );
}

/** The loopback address to reach a server that listens at `url`, or undefined when it listens elsewhere only. */
export function loopbackUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname;
  if (host === '0.0.0.0' || host === '127.0.0.1' || host === 'localhost') {
    parsed.hostname = '127.0.0.1';
  } else if (host === '[::]' || host === '[::1]') {
    parsed.hostname = '[::1]';
  } else if (!host.startsWith('127.')) {
    return undefined;
  }
  return parsed.origin;
}

/** Administration directly on the database (no server holds it). */
async function directGateway(options: {
  databaseUrl?: string;
  dataDir?: string;
}): Promise<AdminGateway> {
  const db: Database = await openDatabase(options);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const { access, repo } = wireAccess(db);
  const deps: AdminDeps = { db, repo, audit: access.audit };
  const actor: AdminActor = {
    ctx: await access.contextFor({
      kind: 'system',
      clientId: 'careweave-cli',
      scopes: [ADMIN_SCOPE],
    }),
  };
  const unwrap = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (err) {
      if (err instanceof OperationOutcomeError) {
        throw new AdminRequestError(outcomeText(err.outcome), getStatus(err.outcome));
      }
      throw err;
    }
  };
  return {
    where: options.databaseUrl
      ? 'the PostgreSQL database'
      : `the database in ${options.dataDir ?? ''}`,
    createUser: (input) => unwrap(createUser(deps, actor, input)),
    listUsers: (search) => unwrap(listUsers(deps, { text: search })),
    setDisabled: (id, disabled) => unwrap(setUserDisabled(deps, actor, id, disabled)),
    resetPassword: (id, password) => unwrap(resetPassword(deps, actor, id, password)),
    registerClient: (input) => unwrap(registerAdminClient(deps, actor, input)),
    listClients: () => unwrap(listAdminClients(deps)),
    revokeClient: (clientId) => unwrap(revokeAdminClient(deps, actor, clientId)),
    close: () => db.close(),
  };
}

/** A short-lived system token (`careweave/admin`) signed with the data directory's key. */
export async function mintAdminToken(keyDir: string, seconds = 5 * 60): Promise<string> {
  const keys = await loadOrCreateSigningKeys(keyDir);
  return mintAccessToken(
    keys,
    { kind: 'system', sub: 'careweave-cli', scopes: [ADMIN_SCOPE], clientId: 'careweave-cli' },
    seconds,
  );
}

/** Administration through a running server's `/api/admin`. */
async function serverGateway(url: string, pid: number, keyDir: string): Promise<AdminGateway> {
  const token = await mintAdminToken(keyDir);
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      throw new AdminRequestError(
        `The server holding the data directory (pid ${pid}, ${url}) did not answer: ${(err as Error).message}`,
        0,
      );
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const outcome = parsed as OperationOutcome | undefined;
      throw new AdminRequestError(
        outcome?.resourceType === 'OperationOutcome'
          ? outcomeText(outcome)
          : `the server answered ${response.status}`,
        response.status,
      );
    }
    return parsed as T;
  }
  const id = encodeURIComponent;
  return {
    where: `the server at ${url} (pid ${pid})`,
    createUser: (input) => call('POST', '/api/admin/users', input),
    listUsers: async (search) =>
      (
        await call<{ users: AdminUser[] }>(
          'GET',
          `/api/admin/users${search ? `?search=${id(search)}` : ''}`,
        )
      ).users,
    setDisabled: (userId, disabled) =>
      call('POST', `/api/admin/users/${id(userId)}/${disabled ? 'disable' : 'enable'}`),
    resetPassword: (userId, password) =>
      call('POST', `/api/admin/users/${id(userId)}/password`, { password }),
    registerClient: (input) => call('POST', '/api/admin/clients', input),
    listClients: async () =>
      (await call<{ clients: AdminClient[] }>('GET', '/api/admin/clients')).clients,
    revokeClient: async (clientId) => {
      await call('DELETE', `/api/admin/clients/${id(clientId)}`);
    },
    close: async () => undefined,
  };
}

/**
 * The gateway for these flags. On the embedded database, a data directory held by a running server
 * (its lock file records where it listens) is administered through that server; held by a process
 * that is not a listening server (an import, a migration), it is refused until that finishes.
 */
export async function openAdminGateway(flags: DatabaseFlags): Promise<AdminGateway> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (databaseUrl) {
    return directGateway({ databaseUrl });
  }
  const dataDir = existingDatabaseDir(flags.dataDir);
  const lock = readDataDirLock(dataDir);
  if (lock?.alive) {
    if (!lock.url) {
      throw new AdminRequestError(
        `The data directory ${dataDir} is in use by another Careweave process (pid ${lock.pid}) that is not a server answering requests (an import or a migration?). Wait for it to finish, then run this again.`,
        0,
      );
    }
    const url = loopbackUrl(lock.url);
    if (!url) {
      throw new AdminRequestError(
        `The data directory ${dataDir} is held by a server (pid ${lock.pid}) listening at ${lock.url}, which is not a loopback address; the CLI asks a server only over loopback. Use the web app's Administration page, or run the server with --host 127.0.0.1.`,
        0,
      );
    }
    return serverGateway(url, lock.pid, existingKeyDir(flags.dataDir, undefined));
  }
  return directGateway({ dataDir });
}
