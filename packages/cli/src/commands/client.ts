import { readFileSync } from 'node:fs';
import type { NewClient } from '@careweave/server';
import type { DatabaseFlags } from '../options.js';
import { withGateway } from './user.js';

export interface ClientCreateFlags extends DatabaseFlags {
  name: string;
  redirectUri?: string[];
  confidential?: boolean;
  scope?: string[];
  jwksUrl?: string;
  jwksFile?: string;
}

/** The JWKS document of `--jwks-file` (checked again by the server at registration). */
function readJwksFile(file: string): NewClient['jwks'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--jwks-file ${file}: not a readable JSON file (${(err as Error).message})`, {
      cause: err,
    });
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) {
    throw new Error(`--jwks-file ${file}: a JWKS is a JSON object with a "keys" array`);
  }
  return { keys: keys as Record<string, unknown>[] };
}

/**
 * `careweave client create`: registers a SMART / OAuth 2.0 client and prints its client_id (and,
 * for a confidential client, its secret — shown once, stored only as a hash). Works while a server
 * runs on the embedded database (it asks the server).
 */
export async function clientCreateCommand(flags: ClientCreateFlags): Promise<void> {
  await withGateway(flags, async (gateway) => {
    const jwks = flags.jwksFile ? readJwksFile(flags.jwksFile) : undefined;
    const { client, secret } = await gateway.registerClient({
      name: flags.name,
      redirectUris: flags.redirectUri ?? [],
      scopes: flags.scope?.flatMap((s) => s.split(/\s+/)).filter(Boolean),
      // Keys make a back-end service: confidential, authenticating with private_key_jwt.
      confidential: Boolean(flags.confidential) || Boolean(jwks) || Boolean(flags.jwksUrl),
      ...(jwks ? { jwks } : {}),
      ...(flags.jwksUrl ? { jwksUrl: flags.jwksUrl } : {}),
    });
    const lines = [
      `Registered ${client.kind} client "${client.name}"`,
      `  scopes:        ${client.scopes.join(' ')}`,
      ...(client.redirectUris.length > 0
        ? [`  redirect URIs: ${client.redirectUris.join(' ')}`]
        : []),
      ...(secret ? [`  client_secret: ${secret}   (shown once; store it now)`] : []),
      ...(client.authentication === 'private_key_jwt'
        ? [`  authentication: private_key_jwt (RS384/ES384) ${client.jwksUrl ?? '(inline JWKS)'}`]
        : []),
      `client_id: ${client.clientId}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

/** `careweave client list`: registered clients with their last use. */
export async function clientListCommand(flags: DatabaseFlags): Promise<void> {
  await withGateway(flags, async (gateway) => {
    const clients = await gateway.listClients();
    for (const c of clients) {
      process.stdout.write(
        `${c.clientId}  ${c.kind.padEnd(12)} ${c.name}  (last used ${c.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}, ${c.activeSessions} active session(s))\n`,
      );
    }
    process.stdout.write(`${clients.length} client(s)\n`);
  });
}

/** `careweave client revoke CLIENT_ID`: deletes the client with its sessions. */
export async function clientRevokeCommand(clientId: string, flags: DatabaseFlags): Promise<void> {
  await withGateway(flags, async (gateway) => {
    await gateway.revokeClient(clientId);
    process.stdout.write(`Revoked client ${clientId}: its sessions ended\n`);
  });
}
