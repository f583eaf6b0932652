import { validateResource } from '@medplum/core';
import type {
  Condition,
  Encounter,
  ExplanationOfBenefit,
  MedicationRequest,
  Observation,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFhirDefinitions, validateResourceStrict } from '@careweave/fhir';
import { danglingReferences, readGenerated, requiredBindingIssues } from '../test/fhir-checks.js';
import { generateToTemp, removeGenerated } from '../test/generated.js';

let data: Map<string, Resource[]>;
const all = <T extends Resource>(type: T['resourceType']): T[] => (data.get(type) ?? []) as T[];

afterAll(removeGenerated);

beforeAll(async () => {
  loadFhirDefinitions();
  const { dir } = await generateToTemp({ patients: 200, seed: 11, programmeEffect: 0.12 });
  data = readGenerated(dir);
  // Generating 200 people takes seconds on a quiet machine and minutes on a loaded one.
}, 300_000);

describe('every generated resource is valid FHIR R4 (200 people)', () => {
  // medplum validates ~600 resources a second: 12,000 take 20 s, minutes on a loaded machine.
  it('passes @medplum/core validateResource', { timeout: 600_000 }, () => {
    const failures: string[] = [];
    for (const list of data.values()) {
      for (const r of list) {
        try {
          validateResource(r);
        } catch (err) {
          failures.push(
            `${r.resourceType}/${r.id ?? ''}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it(
    'passes the validator every write goes through (JSON shapes, dates, narrative included)',
    { timeout: 600_000 },
    () => {
      const failures = [...data.values()].flatMap((list) =>
        list.flatMap((r) =>
          validateResourceStrict(r).map(
            (i) => `${r.resourceType}/${r.id ?? ''} ${i.expression?.[0] ?? ''}: ${i.details?.text}`,
          ),
        ),
      );
      expect(failures.slice(0, 5)).toEqual([]);
    },
  );

  it('uses only codes from required value sets', () => {
    const issues = [...data.values()].flatMap((list) =>
      list.flatMap((r) => requiredBindingIssues(r)),
    );
    expect(issues.slice(0, 5)).toEqual([]);
  });

  it('has references that all resolve within the generated set', () => {
    expect(danglingReferences(data).slice(0, 5)).toEqual([]);
  });

  it('has unique ids per type', () => {
    for (const [type, list] of data)
      expect(new Set(list.map((r) => r.id)).size, type).toBe(list.length);
  });
});

describe('clinical content', () => {
  it('codes every Condition in both ICD-10-CM and SNOMED CT', () => {
    for (const c of all<Condition>('Condition')) {
      const systems = (c.code?.coding ?? []).map((x) => x.system);
      expect(systems).toContain('http://hl7.org/fhir/sid/icd-10-cm');
      expect(systems).toContain('http://snomed.info/sct');
    }
  });

  it('scores PHQ-9, GAD-7 and the AHC safety items so that item answers sum to the scored Observation', () => {
    const byQr = new Map<string, Observation>();
    for (const o of all<Observation>('Observation')) {
      const from = o.derivedFrom?.[0]?.reference;
      if (from && o.valueInteger !== undefined) byQr.set(from, o);
    }
    const answerScore = new Map<string, number>([
      ['LA6568-5', 0],
      ['LA6569-3', 1],
      ['LA6570-1', 2],
      ['LA6571-9', 3],
      ['LA6270-8', 1],
      ['LA10066-1', 2],
      ['LA10082-8', 3],
      ['LA16644-9', 4],
      ['LA6482-9', 5],
    ]);
    const phq9 = [
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
    ];
    const gad7 = ['69725-0', '68509-9', '69733-4', '69734-2', '69735-9', '69689-8', '69736-7'];
    const safety = ['95618-5', '95617-7', '95616-9', '95615-1'];
    const scoredItems = new Set([...phq9, ...gad7, ...safety]);
    const responses = all<QuestionnaireResponse>('QuestionnaireResponse');
    expect(responses.length).toBeGreaterThan(100);
    for (const qr of responses) {
      const sum = (qr.item ?? [])
        .filter((i) => scoredItems.has(i.linkId ?? ''))
        .reduce((s, i) => s + (answerScore.get(i.answer?.[0]?.valueCoding?.code ?? '') ?? NaN), 0);
      const obs = byQr.get(`QuestionnaireResponse/${qr.id ?? ''}`);
      expect(obs?.valueInteger).toBe(sum);
      expect(obs?.category?.[0]?.coding?.[0]?.code).toBe('survey');
    }
  });

  it('gives inpatient stays a discharge disposition and costs every encounter, inpatient >> ED >> ambulatory', () => {
    const encounters = all<Encounter>('Encounter');
    const claims = all<ExplanationOfBenefit>('ExplanationOfBenefit');
    expect(claims.length).toBe(encounters.length);
    const cost = new Map(
      claims.map((c) => [
        c.item?.[0]?.encounter?.[0]?.reference ?? '',
        c.payment?.amount?.value ?? 0,
      ]),
    );
    const mean = (cls: string): number => {
      const list = encounters.filter((e) => e.class.code === cls);
      return (
        list.reduce((s, e) => s + (cost.get(`Encounter/${e.id ?? ''}`) ?? NaN), 0) / list.length
      );
    };
    for (const e of encounters.filter((x) => x.class.code === 'IMP')) {
      expect(e.hospitalization?.dischargeDisposition?.coding?.[0]?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/discharge-disposition',
      );
    }
    expect(mean('IMP')).toBeGreaterThan(4 * mean('EMER'));
    expect(mean('EMER')).toBeGreaterThan(4 * mean('AMB'));
  });

  it('tracks disease control in lab values: HbA1c is high in diabetes, eGFR low in CKD', () => {
    // Patient -> date the condition was recorded; measurements taken from then on reflect it.
    const conditions = all<Condition>('Condition');
    const withCode = (prefix: string): Map<string, string> =>
      new Map(
        conditions
          .filter((c) => c.code?.coding?.some((x) => x.code?.startsWith(prefix)))
          .map((c) => [c.subject.reference ?? '', c.onsetDateTime ?? '']),
      );
    const diabetic = withCode('E11');
    const ckd = withCode('N18');
    const values = (loinc: string, inGroup: boolean, group: Map<string, string>): number[] =>
      all<Observation>('Observation')
        .filter((o) => {
          const onset = group.get(o.subject?.reference ?? '');
          const has = onset !== undefined && (o.effectiveDateTime ?? '') >= onset;
          return (
            o.code.coding?.[0]?.code === loinc &&
            has === inGroup &&
            (inGroup || onset === undefined)
          );
        })
        .map((o) => o.valueQuantity?.value ?? NaN);
    const avg = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(avg(values('4548-4', true, diabetic))).toBeGreaterThan(6.8);
    expect(avg(values('4548-4', false, diabetic))).toBeLessThan(6.0);
    expect(Math.max(...values('62238-1', true, ckd))).toBeLessThan(60);
    expect(Math.min(...values('62238-1', false, ckd))).toBeGreaterThanOrEqual(60);
  });

  it('changes medications at discharge: a new request at discharge points to the stopped one', () => {
    const meds = all<MedicationRequest>('MedicationRequest');
    const byId = new Map(meds.map((m) => [`MedicationRequest/${m.id ?? ''}`, m]));
    const changed = meds.filter((m) => m.priorPrescription);
    expect(changed.length).toBeGreaterThan(0);
    for (const m of changed) {
      expect(m.category?.[0]?.coding?.[0]?.code).toBe('discharge');
      expect(byId.get(m.priorPrescription?.reference ?? '')?.status).toBe('stopped');
    }
  });
});
