import { formatHumanName } from '@medplum/core';
import type { Practitioner, PractitionerRole, RelatedPerson } from '@medplum/fhirtypes';
import {
  Repository,
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type Queryable,
} from '@careweave/store';

/** The organisation of a practitioner (their first active PractitionerRole), read inside a transaction. */
export async function organisationOf(
  tx: Queryable,
  practitioner: string,
): Promise<string | undefined> {
  if (practitioner.startsWith('PractitionerRole/')) {
    const role = await readInTransaction<PractitionerRole>(
      tx,
      SYSTEM_CONTEXT,
      'PractitionerRole',
      practitioner.slice('PractitionerRole/'.length),
    ).catch(() => undefined);
    return role?.organization?.reference;
  }
  if (!practitioner.startsWith('Practitioner/')) return undefined;
  const roles = await searchInTransaction(tx, SYSTEM_CONTEXT, 'PractitionerRole', [
    ['practitioner', practitioner],
    ['_count', '20'],
    ['_total', 'none'],
  ]);
  return (roles.resources as PractitionerRole[]).find(
    (r) => r.active !== false && r.organization?.reference,
  )?.organization?.reference;
}

/**
 * A person's display name (Practitioner, RelatedPerson or Patient), read with the system context
 * through the Repository or inside an open transaction (`tx`); undefined when unknown.
 */
export async function displayOf(
  from: Repository | Queryable,
  reference: string,
): Promise<string | undefined> {
  const [type, id] = reference.split('/');
  if (!id || !['Practitioner', 'RelatedPerson', 'Patient'].includes(type ?? '')) return undefined;
  const person = await (
    from instanceof Repository
      ? from.read<Practitioner | RelatedPerson>(SYSTEM_CONTEXT, type as string, id)
      : readInTransaction<Practitioner | RelatedPerson>(from, SYSTEM_CONTEXT, type as string, id)
  ).catch(() => undefined);
  const name = person?.name?.[0];
  return name ? formatHumanName(name) : undefined;
}
