import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateResource } from '@medplum/core';
import type { Bundle, Condition, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateResourceStrict } from './validate.js';
import { checkCodesAndReferences } from './walk.js';

// Real-world data lives beside the repository (/work/shared), not in it: resolve it from the repo root.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const sharedData = path.resolve(repoRoot, '../shared/data');
const examplesDir = path.join(sharedData, 'fhir-examples/r4-spec');
const syntheaDir = path.join(sharedData, 'synthea');
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';

/** One `severity code expression: text` line per issue: compact to compare, and a failure shows them all. */
function summary(issues: OperationOutcomeIssue[]): string[] {
  return issues.map(
    (i) => `${i.severity} ${i.code} ${i.expression?.[0] ?? '-'}: ${i.details?.text ?? ''}`,
  );
}

const exampleFiles = existsSync(examplesDir)
  ? readdirSync(examplesDir).filter((f) => f.endsWith('.json'))
  : [];

/**
 * Official R4 examples that are invalid per the R4 definitions themselves; the validator is right
 * to reject them, so the exact issues are pinned here instead of weakening the validator.
 */
const KNOWN_INVALID_EXAMPLES: Record<string, (issues: string[]) => void> = {
  // The generated "Bundle as a Questionnaire" example omits linkId on its 50 `display` items, but
  // Questionnaire.item.linkId is 1..1 in R4.
  'bundle-questionnaire.json': (issues) => {
    expect(issues).toHaveLength(50);
    for (const issue of issues) {
      expect(issue).toMatch(
        /^error structure Questionnaire(\.item\[\d+\])+\.linkId: Missing required property$/,
      );
    }
  },
  // MedicationRequest.dispenseRequest.performer is Reference(Organization) in R4; the example
  // points it at a Practitioner (medplum only warned about this).
  'medicationrequest0301.json': (issues) => {
    expect(issues).toEqual([
      'error invalid MedicationRequest.dispenseRequest.performer.reference: Reference to Practitioner is not allowed here; expected Organization',
    ]);
  },
};

describe.skipIf(exampleFiles.length === 0)(
  'official R4 examples in ../shared/data/fhir-examples/r4-spec (skipped when that folder is absent)',
  () => {
    it.each(exampleFiles)('%s', (file) => {
      const resource: unknown = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8'));
      const issues = summary(validateResourceStrict(resource));
      const known = KNOWN_INVALID_EXAMPLES[file];
      if (known) {
        known(issues);
      } else {
        expect(issues).toEqual([]);
      }
    });
  },
);

const syntheaFiles = existsSync(syntheaDir)
  ? readdirSync(syntheaDir).filter((f) => f.endsWith('.json'))
  : [];

function readSynthea(file: string): Bundle {
  return JSON.parse(readFileSync(path.join(syntheaDir, file), 'utf8')) as Bundle;
}

/**
 * What a transaction import does before storing: `urn:uuid:` references become `Type/id`, so the
 * reference-target check (which skips urn:uuid) sees every reference in the data.
 */
function withResolvedReferences(bundle: Bundle): Resource[] {
  const targets = new Map<string, string>();
  for (const entry of bundle.entry ?? []) {
    if (entry.fullUrl && entry.resource?.id) {
      targets.set(entry.fullUrl, `${entry.resource.resourceType}/${entry.resource.id}`);
    }
  }
  const text = JSON.stringify((bundle.entry ?? []).map((e) => e.resource));
  const resolved = text.replace(/"reference":"(urn:uuid:[^"]+)"/g, (m, url: string) => {
    const target = targets.get(url);
    return target ? `"reference":"${target}"` : m;
  });
  return JSON.parse(resolved) as Resource[];
}

describe.skipIf(syntheaFiles.length === 0)(
  'Synthea bundles in ../shared/data/synthea (skipped when that folder is absent)',
  () => {
    it.each(syntheaFiles)(
      'every entry of %s validates with no issues, before and after urn:uuid resolution',
      (file) => {
        const bundle = readSynthea(file);
        const resources = (bundle.entry ?? []).map((e) => e.resource);
        const failures = resources.flatMap((r) =>
          summary(validateResourceStrict(r)).map((s) => `${r?.id}: ${s}`),
        );
        expect(failures).toEqual([]);
        const resolved = withResolvedReferences(bundle);
        expect(resolved.some((r) => JSON.stringify(r).includes('"reference":"Patient/'))).toBe(
          true,
        );
        expect(resolved.flatMap((r) => summary(validateResourceStrict(r)))).toEqual([]);
      },
    );

    it('reaches the codes of real data: a Synthea condition with a bad clinical status fails', () => {
      const bundle = readSynthea(syntheaFiles[0] ?? '');
      const condition = structuredClone(
        bundle.entry
          ?.map((e) => e.resource)
          .find((r): r is Condition => r?.resourceType === 'Condition'),
      );
      const coding = condition?.clinicalStatus?.coding?.[0];
      expect(coding?.system).toBe(CLINICAL);
      if (coding) {
        coding.code = 'over';
      }
      // con-4 (abated ⇒ inactive/resolved/remission) fires too; the binding issue is ours.
      const issues = validateResourceStrict(condition).filter((i) => i.code === 'code-invalid');
      expect(summary(issues)).toEqual([
        'error code-invalid Condition.clinicalStatus.coding[0].code: Value "http://terminology.hl7.org/CodeSystem/condition-clinical|over" is not in required value set http://hl7.org/fhir/ValueSet/condition-clinical',
      ]);
    });

    it('logs the validation rate (informational, not asserted)', () => {
      const resources = syntheaFiles.flatMap((f) => withResolvedReferences(readSynthea(f)));
      validateResourceStrict(resources[0]); // definitions and walk plans load outside the timing
      const time = (fn: (r: Resource) => void): number => {
        const start = performance.now();
        for (const r of resources) {
          fn(r);
        }
        return performance.now() - start;
      };
      const medplumMs = time((r) => {
        try {
          validateResource(r);
        } catch {
          // error outcomes are expected to be absent; only the time matters here
        }
      });
      const walk = (r: Resource): void =>
        checkCodesAndReferences(r as unknown as Record<string, unknown>, []);
      time(walk); // first pass compiles the walk plans and warms the JIT; medplum is warm from the tests above
      const walkMs = time(walk);
      const strictMs = time((r) => validateResourceStrict(r));
      const rate = (ms: number): string => `${Math.round((resources.length / ms) * 1000)}/s`;
      console.log(
        `validation of ${resources.length} Synthea resources: medplum validateResource ${rate(medplumMs)} ` +
          `(${medplumMs.toFixed(0)} ms); bindings+references walk ${rate(walkMs)} (${walkMs.toFixed(0)} ms, ` +
          `${((walkMs / medplumMs) * 100).toFixed(1)}% of medplum); validateResourceStrict ${rate(strictMs)}`,
      );
      expect(resources.length).toBeGreaterThan(0);
    });
  },
);
