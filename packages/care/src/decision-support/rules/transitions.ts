/** Transitions of care: interactive contact within 2 business days of a hospital discharge. */
import type { Encounter } from '@medplum/fhirtypes';
import { PLAIN_WEEK, addBusinessDays } from '../../transitions/business-days.js';
import { ACT_CODE_SYSTEM, CONTACT_CLASSES, INPATIENT_CLASSES } from '../codes.js';
import { calendarDate, daysBetween, today, type PatientRecord } from '../record.js';
import type { DecisionRule } from '../rule.js';
import { suggestedTask } from '../suggest.js';

/** CMS Transitional Care Management: interactive contact within 2 business days of discharge. */
export const CONTACT_BUSINESS_DAYS = 2;
/** A discharge is followed for 30 days (the TCM and HEDIS TRC period). */
const FOLLOWED_DAYS = 30;

function isClass(e: Encounter, codes: readonly string[]): boolean {
  return e.class.system === ACT_CODE_SYSTEM && codes.includes(e.class.code ?? '');
}

/** The latest finished hospital stay's discharge date and encounter. */
function lastDischarge(record: PatientRecord): { date: string; encounter: Encounter } | undefined {
  let best: { date: string; encounter: Encounter } | undefined;
  for (const e of record.encounters) {
    const date = calendarDate(e.period?.end);
    if (e.status !== 'finished' || !isClass(e, INPATIENT_CLASSES) || !date) continue;
    if (!best || date > best.date) best = { date, encounter: e };
  }
  return best;
}

/** Dates of contacts with the person: a sent Communication, or a visit, call or home visit. */
function contactDates(record: PatientRecord): string[] {
  const out: (string | undefined)[] = [
    ...record.communications
      .filter((c) => c.status === 'completed')
      .map((c) => calendarDate(c.sent)),
    ...record.encounters
      .filter(
        (e) =>
          isClass(e, CONTACT_CLASSES) && ['finished', 'in-progress', 'arrived'].includes(e.status),
      )
      .map((e) => calendarDate(e.period?.start)),
  ];
  return out.filter((d): d is string => d !== undefined);
}

export const dischargeContact: DecisionRule = {
  id: 'discharge-contact',
  title: 'Discharged without contact within 2 business days',
  version: '1.0.0',
  hooks: ['patient-view'],
  inputs: ['encounters', 'communications'],
  source: {
    label:
      'CMS Transitional Care Management (contact within 2 business days); HEDIS Transitions of Care (TRC)',
    url: 'https://www.cms.gov/files/document/mln908628-transitional-care-management-services.pdf',
  },
  evaluate(record) {
    const discharge = lastDischarge(record);
    if (!discharge) return undefined;
    const now = today(record);
    if (daysBetween(discharge.date, now) > FOLLOWED_DAYS || discharge.date > now) return undefined;
    const deadline = addBusinessDays(discharge.date, CONTACT_BUSINESS_DAYS, PLAIN_WEEK);
    const contacted = contactDates(record).some((d) => d >= discharge.date && d <= deadline);
    if (contacted) return undefined;
    const missed = now > deadline;
    return {
      indicator: 'warning',
      summary: missed
        ? `Discharged ${discharge.date}; no contact by ${deadline} (2 business days)`
        : `Discharged ${discharge.date}; contact due by ${deadline}`,
      detail: `The person left hospital on **${discharge.date}**. Transitional care expects an interactive contact (call, message or visit) within ${CONTACT_BUSINESS_DAYS} business days, by **${deadline}**. ${missed ? 'None is recorded and the window has passed.' : 'None is recorded yet.'}`,
      suggestions: [
        {
          label: 'Create a post-discharge call task',
          actions: [
            {
              description: 'Task: call the person after discharge',
              resource: suggestedTask(
                record,
                dischargeContact,
                { code: 'post-discharge-contact', display: 'Post-discharge contact' },
                `Contact the person after their discharge on ${discharge.date} (due ${deadline})`,
                missed ? 'urgent' : 'routine',
                discharge.encounter.id
                  ? { reference: `Encounter/${discharge.encounter.id}` }
                  : undefined,
              ),
            },
          ],
        },
      ],
    };
  },
};
