import type { CodeableConcept, Communication } from '@medplum/fhirtypes';

/** Careweave CodeSystem of Communication categories; team messages are `team-message`. */
export const COMMUNICATION_CATEGORY_SYSTEM =
  'https://careweave.org/fhir/CodeSystem/communication-category';
export const TEAM_MESSAGE = 'team-message';
export const TEAM_MESSAGE_CATEGORY: CodeableConcept = {
  coding: [
    { system: COMMUNICATION_CATEGORY_SYSTEM, code: TEAM_MESSAGE, display: 'Care-team message' },
  ],
  text: 'Care-team message',
};

export { MessageError } from '@careweave/contract';

const MENTION = /@((?:Practitioner|PractitionerRole|RelatedPerson|Patient)\/[A-Za-z0-9\-.]{1,64})/g;

/** The references mentioned in a message text (`@Practitioner/123`), deduplicated, in order. */
export function parseMentions(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[1] as string))];
}

/** Whether a Communication is a team message. */
export function isTeamMessage(c: Communication): boolean {
  return (c.category ?? []).some((cat) =>
    cat.coding?.some((x) => x.system === COMMUNICATION_CATEGORY_SYSTEM && x.code === TEAM_MESSAGE),
  );
}

/** The text of a message (its string payloads joined). */
export function messageText(c: Communication): string {
  return (c.payload ?? [])
    .map((p) => p.contentString ?? '')
    .filter(Boolean)
    .join('\n');
}

/** The thread a message belongs to: its `partOf` Communication, or itself when it starts one. */
export function threadOf(c: Communication): string {
  const root = c.partOf?.map((p) => p.reference).find((r) => r?.startsWith('Communication/'));
  return root ? root.slice('Communication/'.length) : (c.id as string);
}
