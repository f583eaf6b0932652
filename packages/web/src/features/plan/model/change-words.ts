import type { FieldChange, PlanChange } from '@careweave/contract';
import { formatDate } from '../../../lib/format';
import { fieldLabel } from './field-labels';
import { achievementLabel, goalPriorityLabel, TASK_PRIORITIES } from './plan-model';

/** Names a person from a reference ("Practitioner/…" → "Grace Mensah"). */
export type NameOf = (reference: string) => string;

const STATUS_WORDS: Readonly<Record<string, string>> = {
  draft: 'draft',
  requested: 'requested',
  received: 'received',
  accepted: 'accepted',
  ready: 'ready',
  'in-progress': 'in progress',
  'on-hold': 'on hold',
  completed: 'done',
  cancelled: 'cancelled',
  failed: 'failed',
  rejected: 'declined',
  active: 'active',
  revoked: 'revoked',
  proposed: 'proposed',
  planned: 'planned',
  achieved: 'achieved',
  'entered-in-error': 'entered in error',
};

function statusWords(code: string): string {
  return STATUS_WORDS[code] ?? code.replace(/-/g, ' ');
}

function priorityWords(code: string): string {
  return (
    goalPriorityLabel(code) ??
    TASK_PRIORITIES.find(([c]) => c === code)?.[1]?.toLowerCase() ??
    code
  ).toLowerCase();
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(value);
}

const REFERENCE_LIST =
  /^(Goal|Task|ServiceRequest|Condition)\/[^/]+(, (Goal|Task|ServiceRequest|Condition)\/[^/]+)*$/;

function count(value: string | undefined): number {
  return value ? value.split(', ').length : 0;
}

/** One value as people read it: a person's name, a date, a status, a priority. */
function valueWords(field: string, value: string, name: NameOf): string {
  if (
    /^(Practitioner|PractitionerRole|Patient|RelatedPerson|Organization|HealthcareService)\//.test(
      value,
    )
  ) {
    return value.split(', ').map(name).join(', ');
  }
  if (isDate(value)) return formatDate(value.slice(0, 10));
  if (field === 'achievementStatus') return achievementLabel(value).toLowerCase();
  if (field === 'status' || field === 'lifecycleStatus') return statusWords(value);
  if (field === 'priority') return priorityWords(value);
  return `“${value}”`;
}

/** How many items a reference list gained or lost ("2 activities added"). */
function listWords(field: string, from: string | undefined, to: string | undefined): string {
  const noun = field === 'goals' ? 'goal' : field === 'activities' ? 'activit' : 'health concern';
  const plural = (n: number) =>
    noun === 'activit' ? (n === 1 ? 'activity' : 'activities') : n === 1 ? noun : `${noun}s`;
  const diff = count(to) - count(from);
  if (diff > 0) return `${diff} ${plural(diff)} added`;
  if (diff < 0) return `${-diff} ${plural(-diff)} removed`;
  return `${plural(2)} changed`;
}

/** One changed element of an existing item in words. */
function fieldChangeWords(f: FieldChange, name: NameOf): string {
  const label = fieldLabel(f.field).toLowerCase();
  if (f.field === 'goals' || f.field === 'activities' || f.field === 'addresses') {
    return listWords(f.field, f.from, f.to);
  }
  if ((f.to && REFERENCE_LIST.test(f.to)) || (f.from && REFERENCE_LIST.test(f.from))) {
    return listWords(f.field, f.from, f.to);
  }
  if (f.field === 'achievementStatus' && f.to) return `marked ${valueWords(f.field, f.to, name)}`;
  if ((f.field === 'status' || f.field === 'lifecycleStatus') && f.to) {
    return `marked ${valueWords(f.field, f.to, name)}`;
  }
  if (f.field === 'owner' && f.to) {
    return f.from
      ? `given to ${valueWords(f.field, f.to, name)} (was ${valueWords(f.field, f.from, name)})`
      : `given to ${valueWords(f.field, f.to, name)}`;
  }
  if (f.to === undefined) return `${label} removed`;
  if (f.from === undefined) return `${label} set to ${valueWords(f.field, f.to, name)}`;
  return `${label} changed from ${valueWords(f.field, f.from, name)} to ${valueWords(f.field, f.to, name)}`;
}

/** What a newly added item looks like, in words ("marked in progress, due 5 Jun 2027"). */
function createdWords(change: PlanChange, name: NameOf): string[] {
  const get = (field: string) => change.fields.find((f) => f.field === field)?.to;
  const out: string[] = [];
  const achievement = get('achievementStatus');
  if (achievement) out.push(`marked ${valueWords('achievementStatus', achievement, name)}`);
  const owner = get('owner');
  if (owner) out.push(`given to ${valueWords('owner', owner, name)}`);
  const due = get('dueDate') ?? get('due');
  if (due) out.push(`due ${valueWords('due', due, name)}`);
  return out;
}

function kindNoun(reference: string): string {
  const type = reference.split('/')[0];
  switch (type) {
    case 'CarePlan':
      return 'Plan';
    case 'Goal':
      return 'Goal';
    case 'ServiceRequest':
      return 'Referral';
    default:
      return 'Activity';
  }
}

/**
 * A change to the plan as one sentence a team meeting reads:
 * "Goal ‘Walk to the shops’ marked in progress, due 5 Jun 2027".
 */
export function describeChange(change: PlanChange, name: NameOf): string {
  const subject = `${kindNoun(change.reference)} ‘${change.title}’`;
  if (change.kind === 'deleted') return `${subject} removed`;
  if (change.kind === 'created') {
    const details = createdWords(change, name);
    return details.length > 0 ? `${subject} added, ${details.join(', ')}` : `${subject} added`;
  }
  const parts = change.fields.map((f) => fieldChangeWords(f, name));
  return parts.length > 0 ? `${subject} ${parts.join('; ')}` : `${subject} updated`;
}
