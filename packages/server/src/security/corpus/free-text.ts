import type { CorpusCase } from './case.js';

/** Script in the shapes that run when a page inserts text as HTML. */
export const SCRIPT_PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '<iframe src="javascript:alert(1)"></iframe>',
  "{{constructor.constructor('alert(1)')()}}",
  '</textarea><script>alert(1)</script>',
  '<a href="javascript:alert(1)">open</a>',
];

/** Every free-text element the web app shows, as a resource carrying `text` there. */
const FREE_TEXT: readonly [string, (text: string) => Record<string, unknown>][] = [
  [
    'patient-name',
    (t) => ({ resourceType: 'Patient', name: [{ family: t, given: [t], text: t }] }),
  ],
  [
    'task-description',
    (t) => ({
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      for: { reference: 'Patient/ana' },
      description: t,
      note: [{ text: t }],
    }),
  ],
  [
    'goal-description',
    (t) => ({
      resourceType: 'Goal',
      lifecycleStatus: 'active',
      subject: { reference: 'Patient/ana' },
      description: { text: t },
      note: [{ text: t }],
    }),
  ],
  [
    'careplan-title',
    (t) => ({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      subject: { reference: 'Patient/ana' },
      title: t,
      description: t,
    }),
  ],
  [
    'condition-text',
    (t) => ({
      resourceType: 'Condition',
      subject: { reference: 'Patient/ana' },
      code: { text: t },
    }),
  ],
  [
    'observation-note',
    (t) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: t },
      subject: { reference: 'Patient/ana' },
      valueString: t,
      note: [{ text: t }],
    }),
  ],
  [
    'communication-payload',
    (t) => ({
      resourceType: 'Communication',
      status: 'completed',
      subject: { reference: 'Patient/ana' },
      topic: { text: t },
      payload: [{ contentString: t }],
    }),
  ],
  [
    'flag-text',
    (t) => ({
      resourceType: 'Flag',
      status: 'active',
      subject: { reference: 'Patient/ana' },
      code: { text: t },
    }),
  ],
  ['organization-name', (t) => ({ resourceType: 'Organization', name: t, alias: [t] })],
  ['practitioner-name', (t) => ({ resourceType: 'Practitioner', name: [{ text: t, family: t }] })],
  [
    'related-person-name',
    (t) => ({
      resourceType: 'RelatedPerson',
      patient: { reference: 'Patient/ana' },
      name: [{ text: t }],
    }),
  ],
  ['healthcare-service-name', (t) => ({ resourceType: 'HealthcareService', name: t, comment: t })],
  [
    'questionnaire-response-answer',
    (t) => ({
      resourceType: 'QuestionnaireResponse',
      status: 'in-progress',
      subject: { reference: 'Patient/ana' },
      item: [{ linkId: '1', text: t, answer: [{ valueString: t }] }],
    }),
  ],
];

/**
 * Script in every free-text element the web app renders, written through the FHIR API and the
 * web app's own endpoints: stored and answered back exactly as sent (data, never markup). That
 * the web app then shows it as text is `packages/web/src/features/escaping.dom.test.tsx`.
 */
export function freeTextCases(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const [name, build] of FREE_TEXT) {
    SCRIPT_PAYLOADS.forEach((text, i) => {
      const body = build(text);
      out.push({
        id: `free-text/${name}/${i}`,
        group: 'free-text',
        method: 'POST',
        path: `/fhir/R4/${body['resourceType'] as string}`,
        body,
        expect: 'answered',
        check: { kind: 'echoes', text },
      });
    });
  }
  SCRIPT_PAYLOADS.forEach((text, i) => {
    out.push({
      id: `free-text/api-thread/${i}`,
      group: 'free-text',
      method: 'POST',
      path: '/api/messages/threads',
      body: { patient: 'Patient/ana', topic: text, text },
      headers: { 'Content-Type': 'application/json' },
      caller: 'care-coordinator',
      expect: 'answered',
      check: { kind: 'echoes', text },
    });
    out.push({
      id: `free-text/api-task/${i}`,
      group: 'free-text',
      method: 'POST',
      path: '/api/tasks',
      body: { patient: 'Patient/ana', description: text, owner: 'Practitioner/coord', note: text },
      headers: { 'Content-Type': 'application/json' },
      caller: 'care-coordinator',
      expect: 'answered',
      check: { kind: 'echoes', text },
    });
  });
  return out;
}

/** Message and task bodies whose fields are not strings: a 400 naming the field, never a 500. */
export function nonStringFieldCases(): CorpusCase[] {
  const wrong: unknown[] = [7, true, null, {}, [], ['Patient/ana'], { reference: 'Patient/ana' }];
  const out: CorpusCase[] = [];
  for (const field of ['patient', 'topic', 'text']) {
    wrong.forEach((value, i) =>
      out.push({
        id: `non-string/thread-${field}/${i}`,
        group: 'non-string',
        method: 'POST',
        path: '/api/messages/threads',
        body: { patient: 'Patient/ana', topic: 'Topic', text: 'Text', [field]: value },
        headers: { 'Content-Type': 'application/json' },
        caller: 'care-coordinator',
        expect: 'refused',
      }),
    );
  }
  for (const field of ['patient', 'description', 'owner', 'priority', 'due', 'note', 'code']) {
    // JSON null for an optional field means "not given".
    const required = ['patient', 'description', 'owner'].includes(field);
    wrong.forEach((value, i) => {
      if (value === null && !required) return;
      out.push({
        id: `non-string/task-${field}/${i}`,
        group: 'non-string',
        method: 'POST',
        path: '/api/tasks',
        body: {
          patient: 'Patient/ana',
          description: 'Call',
          owner: 'Practitioner/coord',
          [field]: value,
        },
        headers: { 'Content-Type': 'application/json' },
        caller: 'care-coordinator',
        expect: 'refused',
      });
    });
  }
  return out;
}
