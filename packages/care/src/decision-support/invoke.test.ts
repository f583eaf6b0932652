import { describe, expect, it } from 'vitest';
import { medication, phq9Item9, record } from './testing/records.js';
import { runRules } from './invoke.js';
import { serviceById } from './services.js';

describe('dismissed cards', () => {
  const service = serviceById('careweave-patient-view');
  if (!service) throw new Error('no patient-view service');
  const r = record();
  r.medicationRequests = Array.from({ length: 10 }, (_, i) => medication(`m${i}`));
  r.observations = [phq9Item9(1, '2026-03-17')];
  const rules = (skip: Set<string>) => runRules(service, r, skip).map((f) => f.ruleId);

  it('a dismissed rule version is skipped; another version, or a critical card, still shows', () => {
    expect(rules(new Set())).toEqual(['phq9-item9', 'polypharmacy-review']);
    expect(rules(new Set(['polypharmacy-review|1.0.0']))).toEqual(['phq9-item9']);
    expect(rules(new Set(['polypharmacy-review|0.9.0']))).toEqual([
      'phq9-item9',
      'polypharmacy-review',
    ]);
    expect(rules(new Set(['phq9-item9|1.0.0', 'polypharmacy-review|1.0.0']))).toEqual([
      'phq9-item9',
    ]);
  });

  it('a person who opted out of automated recommendations gets only the critical cards', () => {
    expect(runRules(service, r, new Set(), true).map((f) => f.ruleId)).toEqual(['phq9-item9']);
    const calm = record();
    calm.medicationRequests = r.medicationRequests;
    expect(runRules(service, calm, new Set(), true)).toEqual([]);
    expect(runRules(service, calm, new Set(), false).map((f) => f.ruleId)).toEqual([
      'polypharmacy-review',
    ]);
  });
});
