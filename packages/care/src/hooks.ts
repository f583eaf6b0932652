import type { AuditEvent } from '@medplum/fhirtypes';
import type { WriteHooks } from '@careweave/store';

/**
 * Chains several sets of write hooks into one, in order: each `beforeWrite` receives the
 * resource the previous one returned (so access's ownership and labels are in place before the
 * care rules look), every `beforeDelete` runs, `afterWrite` audit records are concatenated, every
 * `deriveWrites` runs (in order) and
 * every `afterCommit` is called. The first hook that throws rejects the write.
 *
 * ```ts
 * const access = createAccessService(new Repository(db));
 * const repo = new Repository(db, { hooks: composeWriteHooks(access.writeHooks, careWriteHooks()) });
 * ```
 */
export function composeWriteHooks(...sets: readonly WriteHooks[]): WriteHooks {
  const defined = <F>(fns: (F | undefined)[]): F[] => fns.filter((f): f is F => f !== undefined);
  const before = defined(sets.map((h) => h.beforeWrite?.bind(h)));
  const deletes = defined(sets.map((h) => h.beforeDelete?.bind(h)));
  const after = defined(sets.map((h) => h.afterWrite?.bind(h)));
  const derives = defined(sets.map((h) => h.deriveWrites?.bind(h)));
  const commits = defined(sets.map((h) => h.afterCommit?.bind(h)));
  const out: WriteHooks = {};
  if (before.length > 0) {
    out.beforeWrite = async (ctx, next, previous, tx) => {
      let resource = next;
      for (const hook of before) {
        resource = await hook(ctx, resource, previous, tx);
      }
      return resource;
    };
  }
  if (deletes.length > 0) {
    out.beforeDelete = async (ctx, previous, tx) => {
      for (const hook of deletes) {
        await hook(ctx, previous, tx);
      }
    };
  }
  if (after.length > 0) {
    out.afterWrite = async (ctx, events, tx) => {
      const records: AuditEvent[] = [];
      for (const hook of after) {
        records.push(...(await hook(ctx, events, tx)));
      }
      return records;
    };
  }
  if (derives.length > 0) {
    out.deriveWrites = async (ctx, events, writer, tx) => {
      for (const hook of derives) {
        await hook(ctx, events, writer, tx);
      }
    };
  }
  if (commits.length > 0) {
    out.afterCommit = (ctx, events) => {
      for (const hook of commits) {
        hook(ctx, events);
      }
    };
  }
  return out;
}
