import type {
  PortalActivityDoneRequest,
  PortalCommentRequest,
  PortalMessageRequest,
  PortalPriorityRequest,
  QuestionnaireAssignmentRequest,
} from '@careweave/contract';
import { BodyFields, present } from './body-fields.js';

/*
 * The request bodies of the person's portal (`/api/me/…`) and of the team's questionnaire
 * assignment, read into their contract types. A field of the wrong JSON kind is a 400 naming it;
 * an empty or missing text is passed on as "" so that care/portal answers with its own coded
 * error ("write something first"), the same one the web form shows.
 */

export function readPriority(body: unknown): PortalPriorityRequest {
  const b = new BodyFields(body);
  return { text: b.text('text') ?? '', ...present({ domain: b.text('domain') }) };
}

export function readComment(body: unknown): PortalCommentRequest {
  return { text: new BodyFields(body).text('text') ?? '' };
}

/** The body is optional: marking an activity done needs nothing but the path. */
export function readActivityDone(body: unknown): PortalActivityDoneRequest {
  return present({ note: new BodyFields(body ?? {}).text('note') });
}

/** A new thread reads `topic`; a reply (`inThread`) takes its thread from the path. */
export function readPortalMessage(body: unknown, inThread: boolean): PortalMessageRequest {
  const b = new BodyFields(body);
  return {
    text: b.text('text') ?? '',
    ...(inThread ? {} : { topic: b.text('topic') ?? '' }),
  };
}

export function readQuestionnaireAssignment(body: unknown): QuestionnaireAssignmentRequest {
  const b = new BodyFields(body);
  return {
    patient: b.text('patient') ?? '',
    instrument: b.text('instrument') ?? '',
    ...present({ dueInDays: b.number('dueInDays'), note: b.text('note') }),
  };
}
