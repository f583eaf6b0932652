import type { Communication } from '@medplum/fhirtypes';
import type { Queryable, RequestContext } from '@careweave/store';
import { actingName, isSystem } from '../shared/acting.js';
import { NotificationKind, notify } from '../notifications/notify.js';
import { patientIdOf, teamMembersIn } from '../roster/team-members.js';
import { isTeamMessage, messageText, parseMentions } from './codes.js';

/**
 * Communication rule of the one write path: a new team message that mentions a current member
 * of the patient's care team (`@Practitioner/…`) notifies them (kind `mention`), whichever door
 * it came through. Mentions of people not on the team notify nobody here (the /api refuses them).
 */
export async function communicationRule(
  ctx: RequestContext,
  next: Communication,
  previous: Communication | undefined,
  tx: Queryable,
  now: Date,
): Promise<Communication> {
  const patientId = patientIdOf(next.subject?.reference);
  if (previous || isSystem(ctx) || !patientId || !isTeamMessage(next)) {
    return next;
  }
  const text = messageText(next);
  const mentioned = parseMentions(text);
  if (mentioned.length === 0) {
    return next;
  }
  const team = new Set((await teamMembersIn(tx, patientId, now)).map((m) => m.reference));
  const snippet = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  await notify(
    tx,
    ctx,
    mentioned
      .filter((m) => team.has(m))
      .map((recipient) => ({
        recipient,
        kind: NotificationKind.MENTION,
        patientId,
        focus: `Communication/${next.id}`,
        summary: `${actingName(ctx) ?? ctx.actor} mentioned you: ${snippet}`,
      })),
  );
  return next;
}
