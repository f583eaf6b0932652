import { SYSTEM_CONTEXT, type Repository, type RequestContext } from '@careweave/store';

/** The response header the web app reads to say "N items hidden: consent required". */
export const WITHHELD_HEADER = 'X-Careweave-Withheld';

const PATIENT_PARAMS = new Set(['patient', 'subject']);

/**
 * How many rows of a patient-scoped search the caller's access scope hid (consent or
 * sensitivity), so withheld data is signalled rather than silently missing. Counted only
 * for searches about one patient the caller may see — otherwise the count itself would reveal
 * data about someone hidden from them. Two counts on indexed columns; 0 for system callers.
 */
export async function withheldCount(
  repo: Repository,
  ctx: RequestContext,
  resourceType: string,
  pairs: readonly [string, string][],
): Promise<number> {
  if (ctx.scope.kind === 'system') {
    return 0;
  }
  const filters = pairs.filter(([name]) => !name.startsWith('_'));
  const patientValues = filters
    .filter(([name]) => PATIENT_PARAMS.has(name.split(':')[0] ?? ''))
    .map(([, value]) => value);
  const id =
    patientValues.length === 1
      ? /^(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(patientValues[0] ?? '')?.[1]
      : undefined;
  if (!id) {
    return 0;
  }
  try {
    await repo.read(ctx, 'Patient', id);
  } catch {
    return 0; // a patient the caller cannot see: say nothing about their record
  }
  const count: [string, string][] = [...filters, ['_summary', 'count']];
  const all = await repo.search(SYSTEM_CONTEXT, resourceType, count);
  const visible = await repo.search(ctx, resourceType, count);
  return Math.max(0, (all.total ?? 0) - (visible.total ?? 0));
}
