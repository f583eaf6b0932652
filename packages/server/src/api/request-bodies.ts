import {
  TASK_PRIORITY_CODES,
  TASK_STATUSES,
  TEAM_ROLES,
  type BulkTaskReassignRequest,
  type EndEnrolmentRequest,
  type EndMemberRequest,
  type NewEnrolmentRequest,
  type NewMemberRequest,
  type NewMessageRequest,
  type NewTaskRequest,
  type NewThreadRequest,
  type ReassignPatientsRequest,
  type TaskNoteRequest,
  type TaskReassignRequest,
  type TaskTransitionRequest,
} from '@careweave/contract';
import { BodyFields, present } from './body-fields.js';

/*
 * The request bodies of the task, message and roster write endpoints, read into their contract
 * types (@careweave/contract declares each once; the web app sends the same types). Each reader
 * checks every field's JSON kind and the closed vocabularies; what a value means (does the
 * patient exist, may the caller do this) is the domain's to judge.
 */

export function readNewTask(body: unknown): NewTaskRequest {
  const b = new BodyFields(body);
  const code = b.object('code');
  return {
    patient: b.text('patient', true),
    description: b.text('description', true),
    owner: b.text('owner', true),
    ...present({
      priority: b.oneOf('priority', TASK_PRIORITY_CODES),
      due: b.text('due'),
      note: b.text('note'),
    }),
    ...(code
      ? {
          code: {
            code: code.text('code', true),
            ...present({ system: code.text('system'), display: code.text('display') }),
          },
        }
      : {}),
  };
}

/** `status` is read only where the path does not name the status itself. */
export function readTaskTransition(body: unknown, statusInPath: boolean): TaskTransitionRequest {
  const b = new BodyFields(body ?? {});
  return present({
    status: statusInPath ? undefined : b.oneOf('status', TASK_STATUSES, true),
    reason: b.text('reason'),
    outcome: b.text('outcome'),
  });
}

export function readTaskReassign(body: unknown): TaskReassignRequest {
  const b = new BodyFields(body);
  return { owner: b.text('owner', true), ...present({ reason: b.text('reason') }) };
}

export function readBulkTaskReassign(body: unknown): BulkTaskReassignRequest {
  const b = new BodyFields(body);
  return {
    tasks: b.texts('tasks', true),
    owner: b.text('owner', true),
    ...present({ reason: b.text('reason') }),
  };
}

export function readTaskNote(body: unknown): TaskNoteRequest {
  return { text: new BodyFields(body).text('text', true) };
}

export function readNewThread(body: unknown): NewThreadRequest {
  const b = new BodyFields(body);
  return {
    patient: b.text('patient', true),
    text: b.text('text', true),
    ...present({ topic: b.text('topic') }),
  };
}

export function readNewMessage(body: unknown): NewMessageRequest {
  return { text: new BodyFields(body).text('text', true) };
}

export function readNewEnrolment(body: unknown): NewEnrolmentRequest {
  const b = new BodyFields(body);
  const members = b.objects('members')?.map((m) => ({
    member: m.text('member', true),
    role: m.oneOf('role', TEAM_ROLES, true),
    ...present({ organization: m.text('organization') }),
  }));
  return {
    patient: b.text('patient', true),
    reason: b.text('reason', true),
    ...present({
      coordinator: b.text('coordinator'),
      programme: b.text('programme'),
      conditions: b.texts('conditions'),
      organization: b.text('organization'),
      members,
    }),
  };
}

export function readEndEnrolment(body: unknown): EndEnrolmentRequest {
  return { reason: new BodyFields(body).text('reason', true) };
}

export function readNewMember(body: unknown): NewMemberRequest {
  const b = new BodyFields(body);
  return {
    member: b.text('member', true),
    role: b.oneOf('role', TEAM_ROLES, true),
    ...present({
      organization: b.text('organization'),
      start: b.text('start'),
      reason: b.text('reason'),
    }),
  };
}

export function readEndMember(body: unknown): EndMemberRequest {
  const b = new BodyFields(body);
  return {
    member: b.text('member', true),
    ...present({ end: b.text('end'), reason: b.text('reason') }),
  };
}

export function readReassignPatients(body: unknown): ReassignPatientsRequest {
  const b = new BodyFields(body);
  return {
    patients: b.texts('patients', true),
    to: b.text('to', true),
    reason: b.text('reason', true),
    ...present({ programme: b.text('programme') }),
  };
}
