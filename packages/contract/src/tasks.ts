import type { Task } from '@medplum/fhirtypes';

/** A `Task.status` code (FHIR R4 task-status, http://hl7.org/fhir/R4/valueset-task-status.html). */
export type TaskStatus = NonNullable<Task['status']>;

/** Statuses after which the work is over (only entered-in-error may follow). */
export const TERMINAL_TASK_STATUSES = [
  'rejected',
  'cancelled',
  'failed',
  'completed',
  'entered-in-error',
] as const satisfies readonly TaskStatus[];

/**
 * Statuses whose work is not over yet: every status that is not terminal. The worklist's SQL
 * (store) and the state machine (care) both use this list; store's partial indexes (migration
 * 0007) are written for exactly these values.
 */
export const OPEN_TASK_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'ready',
  'in-progress',
  'on-hold',
] as const satisfies readonly TaskStatus[];

/** Every task status: the open ones, then the terminal ones. */
export const TASK_STATUSES: readonly TaskStatus[] = [
  ...OPEN_TASK_STATUSES,
  ...TERMINAL_TASK_STATUSES,
];

/** Worklist tabs (`GET /api/worklist?status=`) and the statuses each shows. */
export const WORKLIST_TABS = {
  open: ['draft', 'requested', 'received', 'accepted', 'ready', 'in-progress'],
  'on-hold': ['on-hold'],
  done: ['completed', 'cancelled', 'failed', 'rejected'],
} as const satisfies Record<string, readonly TaskStatus[]>;
export type WorklistTab = keyof typeof WORKLIST_TABS;
/** Whose tasks (`scope=`): mine, or also those of my team's patients. */
export type WorklistScope = 'mine' | 'team';
/** Due windows the worklist understands (`due=`). */
export const DUE_WINDOWS = ['overdue', 'today', 'week', 'month'] as const;
export type DueWindow = (typeof DUE_WINDOWS)[number];

/** One row of `GET /api/worklist`. */
export interface WorklistItem {
  id: string;
  version?: string;
  description: string;
  status: TaskStatus;
  priority: NonNullable<Task['priority']>;
  owner?: string;
  due?: string;
  overdue: boolean;
  patient?: { id: string; name?: string };
  /** The plan the task is an activity of (`basedOn` CarePlan). */
  plan?: string;
  /** The goal it serves (`reasonReference` Goal). */
  goal?: string;
  /** Start of the patient's current hospital stay, when they are in hospital now. */
  inHospitalSince?: string;
  task: Task;
}

/** `GET /api/worklist`: one page with the tab counts. */
export interface Worklist {
  items: WorklistItem[];
  next?: string;
  /** Tab badges: open and on-hold counts and how many open tasks are overdue; `done` only on the done tab. */
  counts: { open: number; 'on-hold': number; overdue: number; done?: number };
}

/** `Task.priority` codes (FHIR R4 request-priority). */
export const TASK_PRIORITY_CODES = ['routine', 'urgent', 'asap', 'stat'] as const;
export type TaskPriority = (typeof TASK_PRIORITY_CODES)[number];

/** Body of `POST /api/tasks`. */
export interface NewTaskRequest {
  /** `Patient/<id>` or the bare id. */
  patient: string;
  description: string;
  /** `Practitioner/<id>`, `PractitionerRole/<id>`, `Organization/<id>` or `CareTeam/<id>`. */
  owner: string;
  priority?: TaskPriority;
  /** Due date (`YYYY-MM-DD`). */
  due?: string;
  /** The kind of work, as a Coding. */
  code?: { system?: string; code: string; display?: string };
  note?: string;
}

/**
 * Body of `POST /api/tasks/{id}/status` (`status` required) and of `/hold`, `/resume`,
 * `/complete`, `/cancel` (the path names the status; the body may be empty).
 */
export interface TaskTransitionRequest {
  status?: TaskStatus;
  reason?: string;
  /** What came of the work (on completion). */
  outcome?: string;
}

/** Body of `POST /api/tasks/{id}/reassign`. */
export interface TaskReassignRequest {
  owner: string;
  reason?: string;
}

/** Body of `POST /api/tasks/reassign`: several tasks to one owner, all or nothing. */
export interface BulkTaskReassignRequest {
  /** Task ids (`Task/<id>` or bare). */
  tasks: string[];
  owner: string;
  reason?: string;
}

/** Body of `POST /api/tasks/{id}/notes`. */
export interface TaskNoteRequest {
  text: string;
}
