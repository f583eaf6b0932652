import type { AdminClient } from '@careweave/contract';
import {
  clientActivity,
  deleteClient,
  findClient,
  listClients,
  updateClient,
  type OAuthClient,
} from '@careweave/store';
import {
  checkClientRegistration,
  ClientRegistrationError,
  registerClient,
  type ClientRegistration,
} from '../auth/clients.js';
import { hashToken, randomToken } from '../auth/secrets.js';
import { adminError } from './errors.js';
import type { AdminActor, AdminDeps } from './users.js';

/** A registered SMART / OAuth 2.0 client as administrators see it (never its secret's hash). */
export type { AdminClient };

function toAdminClient(
  client: OAuthClient,
  activity?: { lastUsedAt?: Date; activeSessions: number },
): AdminClient {
  return {
    clientId: client.clientId,
    name: client.name,
    kind: client.kind,
    redirectUris: client.redirectUris,
    scopes: client.allowedScopes,
    authentication:
      client.kind === 'public'
        ? 'none'
        : client.jwks || client.jwksUrl
          ? 'private_key_jwt'
          : 'client_secret',
    ...(client.jwksUrl ? { jwksUrl: client.jwksUrl } : {}),
    createdAt: client.createdAt.toISOString(),
    lastUsedAt: activity?.lastUsedAt?.toISOString() ?? null,
    activeSessions: activity?.activeSessions ?? 0,
  };
}

/** `GET /api/admin/clients`: every client with its activity. */
export async function listAdminClients(deps: AdminDeps): Promise<AdminClient[]> {
  const [clients, activity] = await Promise.all([listClients(deps.db), clientActivity(deps.db)]);
  const byId = new Map(activity.map((a) => [a.clientId, a]));
  return clients.map((c) => toAdminClient(c, byId.get(c.clientId)));
}

async function existing(deps: AdminDeps, clientId: string): Promise<OAuthClient> {
  const client = await findClient(deps.db, clientId);
  if (!client) {
    throw adminError(404, 'not-found', `No client with id ${clientId}`);
  }
  return client;
}

function badRegistration(err: unknown): never {
  if (err instanceof ClientRegistrationError) {
    throw adminError(400, 'invalid', err.message);
  }
  throw err;
}

/** Registers a client; a confidential client's secret is in the answer once and never again. */
export async function registerAdminClient(
  deps: AdminDeps,
  actor: AdminActor,
  registration: ClientRegistration,
): Promise<{ client: AdminClient; secret?: string }> {
  return deps.repo.inTransaction(actor.ctx, async (w, tx) => {
    const { client, secret } = await registerClient(tx, registration).catch(badRegistration);
    await deps.audit.recordAdmin(
      {
        ctx: actor.ctx,
        ip: actor.ip,
        action: 'client-register',
        client: { id: client.clientId, name: client.name },
        detail: `${client.kind} client "${client.name}" registered with scopes ${client.allowedScopes.join(' ')}`,
      },
      { writer: w, tx },
    );
    return { client: toAdminClient(client), ...(secret ? { secret } : {}) };
  });
}

/** Changes a client's name, redirect URIs or scopes (checked as at registration). */
export async function updateAdminClient(
  deps: AdminDeps,
  actor: AdminActor,
  clientId: string,
  changes: { name?: string; redirectUris?: string[]; scopes?: string[] },
): Promise<AdminClient> {
  const before = await existing(deps, clientId);
  const next: ClientRegistration = {
    name: changes.name ?? before.name,
    redirectUris: changes.redirectUris ?? before.redirectUris,
    scopes: changes.scopes ?? before.allowedScopes,
    confidential: before.kind === 'confidential',
  };
  try {
    checkClientRegistration(next);
  } catch (err) {
    badRegistration(err);
  }
  await deps.repo.inTransaction(actor.ctx, async (w, tx) => {
    await updateClient(tx, clientId, {
      name: next.name.trim(),
      redirectUris: next.redirectUris,
      allowedScopes: next.scopes,
    });
    await deps.audit.recordAdmin(
      {
        ctx: actor.ctx,
        ip: actor.ip,
        action: 'client-update',
        client: { id: clientId, name: next.name },
        detail: `redirect URIs ${next.redirectUris.join(' ') || '(none)'}; scopes ${(next.scopes ?? []).join(' ')}`,
      },
      { writer: w, tx },
    );
  });
  const [client] = (await listAdminClients(deps)).filter((c) => c.clientId === clientId);
  return client as AdminClient;
}

/** Replaces a confidential client's secret; the new one is in the answer once. */
export async function rotateClientSecret(
  deps: AdminDeps,
  actor: AdminActor,
  clientId: string,
): Promise<{ client: AdminClient; secret: string }> {
  const before = await existing(deps, clientId);
  if (before.kind !== 'confidential') {
    throw adminError(409, 'business-rule', 'A public client has no secret to replace');
  }
  const secret = randomToken();
  await deps.repo.inTransaction(actor.ctx, async (w, tx) => {
    await updateClient(tx, clientId, { secretHash: hashToken(secret) });
    await deps.audit.recordAdmin(
      {
        ctx: actor.ctx,
        ip: actor.ip,
        action: 'client-secret',
        client: { id: clientId, name: before.name },
        detail: 'client secret replaced; the old one no longer works',
      },
      { writer: w, tx },
    );
  });
  return { client: toAdminClient(before), secret };
}

/** Revokes a client: it is deleted with its codes and sessions, so its tokens stop working. */
export async function revokeAdminClient(
  deps: AdminDeps,
  actor: AdminActor,
  clientId: string,
): Promise<void> {
  const before = await existing(deps, clientId);
  await deps.repo.inTransaction(actor.ctx, async (w, tx) => {
    await deleteClient(tx, clientId);
    await deps.audit.recordAdmin(
      {
        ctx: actor.ctx,
        ip: actor.ip,
        action: 'client-revoke',
        client: { id: clientId, name: before.name },
        detail: `client "${before.name}" revoked; its sessions ended (client-credentials tokens it already holds expire within their lifetime, at most 15 minutes)`,
      },
      { writer: w, tx },
    );
  });
}
