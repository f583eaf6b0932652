/**
 * The labels of plan elements, in one place: the plan's forms label their inputs with these and
 * the change history names changed elements with them, so "Target date" in the goal dialog is
 * "target date" in "what changed".
 */
export const FIELD_LABEL = {
  title: 'Plan title',
  description: 'Description',
  status: 'Status',
  lifecycleStatus: 'Goal status',
  achievementStatus: 'Achievement status',
  priority: 'Priority',
  dueDate: 'Target date',
  due: 'Due date',
  owner: 'Owner',
  notes: 'Notes',
  statusReason: 'Status reason',
  performer: 'Service',
  goals: 'Goals',
  activities: 'Activities',
  addresses: 'Health concerns',
  reason: 'Why (reason)',
  domain: 'Domain',
} as const;

export type FieldName = keyof typeof FIELD_LABEL;

/** The label of a changed element; an element the forms do not know keeps its name. */
export function fieldLabel(field: string): string {
  return (FIELD_LABEL as Readonly<Record<string, string>>)[field] ?? field;
}
