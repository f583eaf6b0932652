import type { Encounter, Resource, Task } from '@medplum/fhirtypes';
import type { ChangeEvent } from '@careweave/store';
import { describe, expect, it } from 'vitest';
import { topicOf } from './topics.js';
import { TOPIC_BASE } from './codes.js';

function change(resource: Resource, previous?: Resource): ChangeEvent {
  const event: ChangeEvent = {
    type: previous ? 'update' : 'create',
    resourceType: resource.resourceType,
    id: resource.id ?? 'x',
    versionId: previous ? 2 : 1,
    resource,
  };
  return previous ? Object.defineProperty(event, 'previous', { value: previous }) : event;
}

const stay = (status: Encounter['status'], code = 'IMP', end?: string): Encounter => ({
  resourceType: 'Encounter',
  id: 'e1',
  status,
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code },
  period: { start: '2026-11-30T08:00:00Z', ...(end ? { end } : {}) },
});

const topic = (name: string) => {
  const t = topicOf(`${TOPIC_BASE}/${name}`);
  if (!t) throw new Error(name);
  return t;
};

describe('Subscription topics', () => {
  it('admission: an admission-class Encounter that arrives, once', () => {
    const admission = topic('admission');
    expect(admission.fires(change(stay('in-progress')))).toBe(true);
    expect(admission.fires(change(stay('in-progress', 'EMER'), stay('planned', 'EMER')))).toBe(
      true,
    );
    expect(admission.fires(change(stay('in-progress'), stay('arrived')))).toBe(false);
    expect(admission.fires(change(stay('planned')))).toBe(false);
    expect(admission.fires(change(stay('in-progress', 'AMB')))).toBe(false);
  });

  it('discharge: an inpatient stay that becomes finished with an end', () => {
    const discharge = topic('discharge');
    const end = '2026-12-02T10:00:00Z';
    expect(discharge.fires(change(stay('finished', 'IMP', end), stay('in-progress')))).toBe(true);
    expect(
      discharge.fires(change(stay('finished', 'IMP', end), stay('finished', 'IMP', end))),
    ).toBe(false);
    expect(
      discharge.fires(change(stay('finished', 'EMER', end), stay('in-progress', 'EMER'))),
    ).toBe(false);
  });

  it('task-assigned: an owner set or changed, not kept', () => {
    const assigned = topic('task-assigned');
    const task = (owner?: string): Task => ({
      resourceType: 'Task',
      id: 't',
      status: 'requested',
      intent: 'order',
      ...(owner ? { owner: { reference: owner } } : {}),
    });
    expect(assigned.fires(change(task('Practitioner/a')))).toBe(true);
    expect(assigned.fires(change(task('Practitioner/b'), task('Practitioner/a')))).toBe(true);
    expect(assigned.fires(change(task('Practitioner/a'), task('Practitioner/a')))).toBe(false);
    expect(assigned.fires(change(task()))).toBe(false);
  });

  it('referral-status: a ServiceRequest created or with a new status', () => {
    const referral = topic('referral-status');
    const sr = (status: 'active' | 'completed'): Resource => ({
      resourceType: 'ServiceRequest',
      id: 's',
      status,
      intent: 'order',
      subject: { reference: 'Patient/p' },
    });
    expect(referral.fires(change(sr('active')))).toBe(true);
    expect(referral.fires(change(sr('completed'), sr('active')))).toBe(true);
    expect(referral.fires(change(sr('active'), sr('active')))).toBe(false);
  });

  it('knows its canonicals with or without a version', () => {
    expect(topicOf(`${TOPIC_BASE}/care-plan-change|1.0`)?.title).toBe('Care plan change');
    expect(topicOf(`${TOPIC_BASE}/nothing`)).toBeUndefined();
  });
});
