import {
  ADMIN_SCOPE,
  loadOrCreateSigningKeys,
  mintAccessToken,
  parseScope,
} from '@careweave/server';
import { existingKeyDir } from '../data-dir.js';
import { fail, type DatabaseFlags } from '../options.js';

export interface TokenFlags extends DatabaseFlags {
  system?: boolean;
  user?: string;
  scope?: string[];
  ttl: string;
}

/** The longest lifetime `careweave token` mints, in minutes (a day). */
const MAX_TTL_MINUTES = 24 * 60;

/**
 * `careweave token --system | --user E`: mints an access token with the signing key file and
 * prints it on the last line of stdout. It reads only the key file — never the database — so it
 * works while `careweave serve` holds the same data directory. A `--user` token carries the email
 * as `sub`; the server resolves the account at every request (unknown or disabled: 401) and keeps
 * only the scopes the account's role may hold.
 */
export async function tokenCommand(flags: TokenFlags): Promise<void> {
  if (Boolean(flags.system) === Boolean(flags.user)) {
    fail('give exactly one of --system or --user <email>');
  }
  const minutes = Number(flags.ttl);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TTL_MINUTES) {
    fail(`--ttl must be a whole number of minutes from 1 to ${MAX_TTL_MINUTES}`);
  }
  const contexts = flags.system ? ['system'] : ['user', 'patient'];
  const scopes =
    flags.scope && flags.scope.length > 0
      ? flags.scope.flatMap((s) => s.split(/\s+/)).filter(Boolean)
      : flags.system
        ? ['system/*.cruds']
        : ['user/*.cruds', 'patient/*.cruds'];
  for (const scope of scopes) {
    if (flags.system && scope === ADMIN_SCOPE) {
      continue; // administration (/api/admin), for scripts beside a running server
    }
    const parsed = parseScope(scope);
    if (!parsed || !contexts.includes(parsed.context)) {
      fail(
        `scope ${JSON.stringify(scope)} is not a ${contexts.join('/ or ')}/ resource scope (e.g. ${contexts[0]}/*.rs, ${contexts[0]}/Observation.cruds)`,
      );
    }
  }
  // Never creates a key: one nobody's server holds would sign tokens every server rejects.
  const keyDir = existingKeyDir(flags.dataDir, process.env['DATABASE_URL']);
  const keys = await loadOrCreateSigningKeys(keyDir);
  const email = flags.user?.trim().toLowerCase();
  const token = await mintAccessToken(
    keys,
    email
      ? { kind: 'user', sub: email, scopes }
      : { kind: 'system', sub: 'careweave-cli', scopes, clientId: 'careweave-cli' },
    minutes * 60,
  );
  process.stderr.write(
    `${email ? `User token for ${email}` : 'System token'} (${scopes.join(' ')}), valid ${minutes} min, signed with ${keyDir}/signing-key.json:\n`,
  );
  process.stdout.write(`${token}\n`);
}
