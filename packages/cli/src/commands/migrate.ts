import { migrate, openDatabase } from '@careweave/store';
import { databaseOptions, type DatabaseFlags } from '../options.js';

/** `careweave migrate`: applies pending migrations; safe to run twice. */
export async function migrateCommand(flags: DatabaseFlags): Promise<void> {
  const db = await openDatabase(databaseOptions(flags));
  try {
    const result = await migrate(db);
    process.stdout.write(
      result.applied.length > 0
        ? `Applied ${result.applied.join(', ')}\n`
        : `Up to date (${result.alreadyApplied.length} migrations already applied)\n`,
    );
  } finally {
    await db.close();
  }
}
