import type { List, MeasureReport } from '@medplum/fhirtypes';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The official eCQM test cases pass THROUGH Careweave: each measure's test bundles are imported
 * with `careweave import`, its package loaded with `careweave measures load`, and the populations
 * are read from `$evaluate-measure` of a running `careweave serve` — never from the MeasureReports
 * inside the test bundles (those are imported like any data and ignored). The expected counts come
 * from the package's own test cases (expected-results.json, derived from their MeasureReports).
 */
const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));
const ECQM = resolve(fileURLToPath(new URL('../../../../../shared/data/ecqm', import.meta.url)));
const MEASURES = [
  { dir: 'CMS2', id: 'CMS2FHIRPCSDepressionScreenAndFollowUp' },
  { dir: 'CMS165', id: 'CMS165FHIRControllingHighBloodPressure' },
  { dir: 'CMS159', id: 'CMS159FHIRDepressionRemissionatTwelveMonths' },
] as const;

interface Expected {
  patientId: string;
  file: string;
  period: { start: string; end: string };
  populations: Record<string, number>;
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    CAREWEAVE_STRATIFY_JOB: 'off',
  };
  delete env['DATABASE_URL'];
  delete env['CAREWEAVE_KEY_DIR'];
  delete env['CAREWEAVE_DATA_DIR'];
  return env;
}
function careweave(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    env: childEnv(),
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lastLine = (text: string): string => text.trim().split('\n').at(-1) ?? '';

const present = existsSync(join(ECQM, 'MANIFEST.md'));
if (!present) {
  console.warn(`eCQM test cases skipped: ${ECQM} (shared/data/ecqm) is not present`);
}

describe.skipIf(!present)(
  'official eCQM test cases through careweave import, measures load and $evaluate-measure',
  () => {
    let dir: string;
    let dataDir: string;
    let serve: ChildProcess | undefined;
    let url = '';
    let token = '';
    const expected = new Map<string, Expected[]>();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'careweave-ecqm-'));
      dataDir = join(dir, 'data');
      expect(careweave('migrate', '--data-dir', dataDir).status).toBe(0);
      const files: string[] = [];
      const packages: string[] = [join(ECQM, '_shared', 'shared-libraries-bundle.json')];
      for (const m of MEASURES) {
        const bundle = join(ECQM, m.dir, `${m.id}-measure-bundle.json`);
        if (existsSync(bundle)) packages.push(bundle);
        const results = join(ECQM, m.dir, 'expected-results.json');
        if (!existsSync(results)) continue; // CMS159's cases are held back
        const cases = JSON.parse(readFileSync(results, 'utf8')) as Expected[];
        expected.set(m.id, cases);
        files.push(...cases.map((c) => join(ECQM, m.dir, c.file)));
      }
      const imported = careweave('import', ...files, '--data-dir', dataDir);
      expect(imported.status, imported.stderr).toBe(0);
      const loaded = careweave('measures', 'load', ...packages, '--data-dir', dataDir);
      expect(loaded.status, loaded.stderr).toBe(0);
      const summary = JSON.parse(lastLine(loaded.stdout)) as {
        measures: { id: string }[];
        missing: string[];
      };
      expect(summary.missing).toEqual([]);
      expect(summary.measures.map((m) => m.id)).toEqual(
        expect.arrayContaining([
          'CMS2FHIRPCSDepressionScreenAndFollowUp',
          'CMS165FHIRControllingHighBloodPressure',
        ]),
      );
      serve = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data-dir', dataDir], {
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      url = await new Promise<string>((resolveUrl, reject) => {
        let output = '';
        const timer = setTimeout(
          () => reject(new Error(`serve did not start: ${output}`)),
          300_000, // start-up (migrations, shipped content) on a loaded machine
        );
        serve?.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const m = /listening on (http:\/\/\S+)/.exec(output);
          if (m?.[1]) {
            clearTimeout(timer);
            resolveUrl(m[1]);
          }
        });
        serve?.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      });
      const minted = careweave(
        'token',
        '--system',
        '--scope',
        'system/*.rs',
        '--ttl',
        '60',
        '--data-dir',
        dataDir,
      );
      expect(minted.status, minted.stderr).toBe(0);
      token = lastLine(minted.stdout);
    }, 900_000);

    afterAll(async () => {
      if (serve && serve.exitCode === null) {
        const exited = new Promise((r) => serve?.once('exit', r));
        serve.kill('SIGTERM');
        await exited;
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const evaluate = async (id: string, query: string): Promise<MeasureReport> => {
      const response = await fetch(`${url}/fhir/R4/Measure/${id}/$evaluate-measure?${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as MeasureReport;
      expect(response.status, JSON.stringify(body).slice(0, 500)).toBe(200);
      return body;
    };

    for (const m of MEASURES.filter((x) => x.dir !== 'CMS159')) {
      it(`${m.dir}: every official test case gives its expected populations (subject-list), and the totals match`, async () => {
        const cases = expected.get(m.id) ?? [];
        expect(cases.length).toBeGreaterThan(0);
        const period = cases[0]!.period;
        const report = await evaluate(
          m.id,
          `periodStart=${period.start}&periodEnd=${period.end}&reportType=subject-list`,
        );
        expect(report.type).toBe('subject-list');
        const lists = new Map((report.contained ?? []).map((r) => [`#${r.id}`, r as List]));
        const members = new Map<string, Set<string>>();
        for (const p of report.group?.[0]?.population ?? []) {
          const code = p.code?.coding?.[0]?.code ?? '';
          const list = lists.get(p.subjectResults?.reference ?? '');
          members.set(
            code,
            new Set(
              (list?.entry ?? []).map((e) => e.item.reference?.slice('Patient/'.length) ?? ''),
            ),
          );
        }
        const mismatches: string[] = [];
        for (const c of cases) {
          for (const [code, n] of Object.entries(c.populations)) {
            const got = members.get(code)?.has(c.patientId) ? 1 : 0;
            if (got !== n) mismatches.push(`${c.file}: ${code} expected ${n}, got ${got}`);
          }
        }
        expect(mismatches).toEqual([]);
        // Totals over this measure's own test patients (the store holds both measures' cases).
        const mine = new Set(cases.map((c) => c.patientId));
        for (const code of Object.keys(cases[0]?.populations ?? {})) {
          const expectedTotal = cases.reduce((n, c) => n + (c.populations[code] ?? 0), 0);
          const got = [...(members.get(code) ?? [])].filter((p) => mine.has(p)).length;
          expect([code, got]).toEqual([code, expectedTotal]);
        }
      }, 600_000);

      it(`${m.dir}: reportType=subject for one test case answers an individual MeasureReport`, async () => {
        const c = (expected.get(m.id) ?? []).find((x) => (x.populations['numerator'] ?? 0) > 0)!;
        const report = await evaluate(
          m.id,
          `periodStart=${c.period.start}&periodEnd=${c.period.end}&reportType=subject&subject=Patient/${c.patientId}`,
        );
        expect(report.type).toBe('individual');
        const counts = Object.fromEntries(
          (report.group?.[0]?.population ?? []).map((p): [string, number | undefined] => [
            p.code?.coding?.[0]?.code ?? '',
            p.count,
          ]),
        );
        for (const [code, n] of Object.entries(c.populations))
          expect([code, counts[code]]).toEqual([code, n]);
      }, 600_000);
    }
  },
);
