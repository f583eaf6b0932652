import { migrate, openDatabase } from '@careweave/store';
import { ClientRegistrationError, registerClient } from '@careweave/server';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';

export interface ClientCreateFlags extends DatabaseFlags {
  name: string;
  redirectUri?: string[];
  confidential?: boolean;
  scope?: string[];
}

/**
 * `careweave client create`: registers a SMART / OAuth 2.0 client and prints its client_id (and,
 * for a confidential client, its secret — shown once, stored only as a hash).
 */
export async function clientCreateCommand(flags: ClientCreateFlags): Promise<void> {
  const db = await openDatabase(databaseOptions(flags));
  try {
    await migrate(db);
    const { client, secret } = await registerClient(db, {
      name: flags.name,
      redirectUris: flags.redirectUri ?? [],
      scopes: flags.scope?.flatMap((s) => s.split(/\s+/)).filter(Boolean),
      confidential: Boolean(flags.confidential),
    });
    const lines = [
      `Registered ${client.kind} client "${client.name}"`,
      `  scopes:        ${client.allowedScopes.join(' ')}`,
      ...(client.redirectUris.length > 0
        ? [`  redirect URIs: ${client.redirectUris.join(' ')}`]
        : []),
      ...(secret ? [`  client_secret: ${secret}   (shown once; store it now)`] : []),
      `client_id: ${client.clientId}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    if (err instanceof ClientRegistrationError) {
      fail(err.message);
    }
    throw err;
  } finally {
    await db.close();
  }
}
