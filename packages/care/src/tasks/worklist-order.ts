import type { Task } from '@medplum/fhirtypes';
import { OPEN_TASK_STATUSES } from '@careweave/contract';

/**
 * The worklist's priority order (README.md "Worklist order") as a function: the rule, stated
 * once. The store's worklist read model computes the same order in SQL over the `worklist_task`
 * rows (migrations 0007 and 0020) so that a page is one indexed statement;
 * `worklist-order.int.test.ts` generates many tasks and checks that the SQL pages come out in
 * exactly this function's order.
 */

/**
 * Urgency rank of FHIR request-priority (https://hl7.org/fhir/R4/valueset-request-priority.html):
 * stat before asap before urgent before routine; no priority is routine, as FHIR says.
 */
export function urgencyRank(priority: string | undefined): number {
  switch (priority) {
    case 'stat':
      return 0;
    case 'asap':
      return 1;
    case 'urgent':
      return 2;
    default:
      return 3;
  }
}

const PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A due date (`Task.restriction.period.end`) as the period it names: a dateTime is an instant;
 * a date, year-month or year ends at the end of that day, month or year (UTC), and `coarseness`
 * (1 day, 2 month, 3 year; 0 a dateTime) orders periods ending at the same instant.
 */
function duePeriod(due: string): { end: number; coarseness: number } | undefined {
  const partial = PARTIAL.exec(due);
  if (!partial) {
    const at = Date.parse(due);
    return Number.isNaN(at) ? undefined : { end: at, coarseness: 0 };
  }
  const [, y, m, d] = partial;
  const year = Number(y);
  if (d !== undefined) return { end: Date.UTC(year, Number(m) - 1, Number(d) + 1), coarseness: 1 };
  if (m !== undefined) return { end: Date.UTC(year, Number(m), 1), coarseness: 2 };
  return { end: Date.UTC(year + 1, 0, 1), coarseness: 3 };
}

/** An open task whose due date has passed: a date-only due date from the next day, a dateTime once its instant has passed. */
export function isOverdue(task: Task, now: Date): boolean {
  const due = task.restriction?.period?.end;
  if (!due || !(OPEN_TASK_STATUSES as readonly string[]).includes(task.status)) return false;
  const period = duePeriod(due);
  return period !== undefined && period.end <= now.getTime();
}

/**
 * Due dates earliest first. A dateTime is ordered by its instant; a date (or year-month, year)
 * after any time within it and before any time after it; a coarser period after a finer one
 * ending at the same instant; no due date last.
 */
export function compareDue(a: string | undefined, b: string | undefined): number {
  const pa = a === undefined ? undefined : duePeriod(a);
  const pb = b === undefined ? undefined : duePeriod(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : 0;
  // A dateTime at the very instant a day ends belongs to the next day: it sorts after the day.
  const ka = pa.coarseness === 0 ? [pa.end, 1, 0] : [pa.end, 0, pa.coarseness];
  const kb = pb.coarseness === 0 ? [pb.end, 1, 0] : [pb.end, 0, pb.coarseness];
  for (let i = 0; i < ka.length; i++) {
    const d = (ka[i] ?? 0) - (kb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The open and on-hold tabs' order at `now`: overdue first, then urgency, then due date, then
 * task id (a stable tiebreak; ids compare as byte strings, like SQL's `COLLATE "C"`).
 */
export function compareWorklistPriority(a: Task, b: Task, now: Date): number {
  const overdue = Number(isOverdue(b, now)) - Number(isOverdue(a, now));
  if (overdue !== 0) return overdue;
  const urgency = urgencyRank(a.priority) - urgencyRank(b.priority);
  if (urgency !== 0) return urgency;
  const due = compareDue(a.restriction?.period?.end, b.restriction?.period?.end);
  if (due !== 0) return due;
  const [ia, ib] = [a.id ?? '', b.id ?? ''];
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
