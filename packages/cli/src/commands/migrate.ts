import { ensureAgentDevices } from '@careweave/care';
import { keyDirFor, loadOrCreateSigningKeys, wireAccess } from '@careweave/server';
import { migrate, openDatabase } from '@careweave/store';
import { databaseOptions, type DatabaseFlags } from '../options.js';

/**
 * `careweave migrate`: applies pending migrations; safe to run twice. It sets a data directory up
 * (database, the automated agents' Devices and token signing key), so `careweave token` works on it before the first `serve`.
 */
export async function migrateCommand(flags: DatabaseFlags): Promise<void> {
  const options = databaseOptions(flags, 'set-up');
  const db = await openDatabase(options);
  try {
    const result = await migrate(db);
    // The automated agents are registered Devices (care/agents); idempotent.
    await ensureAgentDevices(wireAccess(db).repo);
    await loadOrCreateSigningKeys(keyDirFor(options));
    process.stdout.write(
      result.applied.length > 0
        ? `Applied ${result.applied.join(', ')}\n`
        : `Up to date (${result.alreadyApplied.length} migrations already applied)\n`,
    );
  } finally {
    await db.close();
  }
}
