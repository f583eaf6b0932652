import type { Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../context.js';

/**
 * The write verbs of one open transaction, as the domain's derived writes see them
 * (`WriteHooks.deriveWrites`). `TxWriter` implements it; naming the verbs here keeps the hooks,
 * which the writer calls, from importing the writer.
 */
export interface ResourceWriter {
  /** Creates a resource with a new server-assigned id (or `id` when the caller owns ids). */
  create<T extends Resource>(resource: T, id?: string): Promise<T>;
  /** Updates (or creates) a resource; with `ifMatch`, a stale version answers 412. */
  update<T extends Resource>(
    resource: T,
    ifMatch?: string,
  ): Promise<{ resource: T; created: boolean }>;
  /** Logically deletes a resource. */
  delete(resourceType: string, id: string, ifMatch?: string): Promise<void>;
  /** The same transaction written as another actor (rules and audit apply to that actor). */
  withContext(ctx: RequestContext): ResourceWriter;
  /** Writes many resources that carry their ids; returns how many were written. */
  upsertMany(
    resources: readonly Resource[],
    options: { skipUnchanged: boolean; method?: string },
  ): Promise<number>;
}
