import { OperationOutcomeError, getStatus } from '@medplum/core';
import type { AuditEvent } from '@medplum/fhirtypes';
import { Repository, SYSTEM_CONTEXT } from '@careweave/store';
import { openTestDatabase, type TestDatabase } from '@careweave/store/testing';
import { createAccessService, type AccessServiceOptions } from '../service.js';
import type { AccessContext, AccessService } from '../types.js';
import { USERS, storyResources, type StoryUser } from './story.js';

/** A migrated database holding the access story, with the access service and a hooked Repository. */
export interface StoryWorld {
  database: TestDatabase;
  access: AccessService;
  /** The Repository every request would use (the access service's write hooks installed). */
  repo: Repository;
  /** The request context of a story user. */
  as(user: StoryUser): Promise<AccessContext>;
  /** AuditEvents stored so far (read with the system context), oldest first. */
  auditEvents(): Promise<AuditEvent[]>;
  dispose(): Promise<void>;
}

/** Opens a database of `kind` and loads the story through the one write path, as the system (an import). */
export async function openStory(
  kind: TestDatabase['name'],
  options: AccessServiceOptions = {},
): Promise<StoryWorld> {
  const database = await openTestDatabase(kind);
  try {
    const access = createAccessService(new Repository(database.db), options);
    const repo = new Repository(database.db, { hooks: access.writeHooks });
    const { directory, records } = storyResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(directory, { skipUnchanged: false }),
    );
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(records, { skipUnchanged: false }),
    );
    return {
      database,
      access,
      repo,
      as: (user) => access.contextFor(USERS[user]),
      async auditEvents() {
        const found = await repo.search(SYSTEM_CONTEXT, 'AuditEvent', [
          ['_count', '1000'],
          ['_sort', '_lastUpdated'],
        ]);
        return found.resources as AuditEvent[];
      },
      dispose: () => database.dispose(),
    };
  } catch (err) {
    await database.dispose();
    throw err;
  }
}

/** Runs `fn`; true if it succeeded, false if it answered 404 (hidden or absent), rethrows anything else. */
export async function found(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (err instanceof OperationOutcomeError && err.outcome.id === 'not-found') {
      return false;
    }
    throw err;
  }
}

/** The HTTP status an operation would answer with (200 when it succeeds). */
export async function statusOf(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 200;
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      return getStatus(err.outcome);
    }
    throw err;
  }
}
