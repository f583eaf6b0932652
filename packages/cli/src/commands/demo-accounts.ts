import { findAccountByEmail, type Database, type Repository } from '@careweave/store';
import { provisionUser } from '@careweave/server';
import { DEMO_USERS } from '@careweave/synth';

/**
 * Creates the login accounts of `DEMO_USERS` that do not exist yet (idempotent: a second run, or
 * a demo directory from before accounts existed, just fills the gaps). Answers how many it made.
 */
export async function ensureDemoAccounts(db: Database, repo: Repository): Promise<number> {
  let created = 0;
  for (const user of DEMO_USERS) {
    if (await findAccountByEmail(db, user.email)) {
      continue;
    }
    await provisionUser(db, repo, {
      email: user.email,
      password: user.password,
      fhirUser: user.fhirUser,
      role: user.role,
      displayName: user.name,
    });
    created++;
  }
  return created;
}
