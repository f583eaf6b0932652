import { getSearchParams } from '@careweave/fhir';
import type { CorpusCase } from './case.js';
import { BACKTRACKING, GARBAGE, INJECTION, rotate } from './payloads.js';

/** The resource types whose every search parameter is fed hostile values. */
const TYPES = ['Patient', 'Observation', 'Condition', 'Task', 'CarePlan', 'Encounter'] as const;

/** Modifiers tried on each parameter type: the valid ones, the unsupported ones and nonsense. */
const MODIFIERS: Record<string, readonly string[]> = {
  string: ['exact', 'contains', 'missing', 'text', 'bogus'],
  token: ['not', 'text', 'of-type', 'in', 'above', 'missing', 'code-text'],
  reference: ['identifier', 'missing', 'Patient', 'Bogus', 'below'],
  date: ['missing', 'exact', ''],
  number: ['missing', 'contains'],
  quantity: ['missing', 'not'],
  uri: ['below', 'above', 'contains'],
  composite: ['missing', 'exact'],
  special: ['missing', 'bogus'],
};

/** Value prefixes of ordered types (FHIR R4 search §3.1.1.4) and near-misses. */
const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap', 'xx', 'gte', 'EQ', 'lt-'];
const ORDERED = new Set(['date', 'number', 'quantity']);

/** `true` when a 200 must match nothing: a criterion that cannot hold for any story row. */
const mustMatchNothing = (modifier: string | undefined): boolean =>
  modifier === undefined || modifier === 'exact' || modifier === 'contains' || modifier === 'text';

const q = (pairs: [string, string][]): string =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

function search(id: string, type: string, pairs: [string, string][], checked: boolean): CorpusCase {
  return {
    id,
    group: id.split('/')[0] as string,
    method: 'GET',
    path: `/fhir/R4/${type}?${q(pairs)}`,
    expect: 'answered',
    ...(checked ? { check: { kind: 'no-matches' } as const } : {}),
  };
}

/** Every search parameter of the types above with an injection string; every other one also with garbage. */
function everyParameter(): CorpusCase[] {
  const out: CorpusCase[] = [];
  let n = 0;
  for (const type of TYPES) {
    for (const code of [...getSearchParams(type).keys()].sort()) {
      const value = rotate(INJECTION, n, 1)[0] as string;
      out.push(search(`search-param/${type}/${code}/injection`, type, [[code, value]], true));
      if (n % 2 === 0) {
        const junk = rotate([...GARBAGE, ...BACKTRACKING], n / 2, 1)[0] as string;
        out.push(search(`search-param/${type}/${code}/garbage`, type, [[code, junk]], false));
      }
      n += 1;
    }
  }
  return out;
}

/** Each parameter of Patient under every modifier of its type, with hostile values. */
function modifiers(): CorpusCase[] {
  const out: CorpusCase[] = [];
  let n = 0;
  for (const type of ['Patient'] as const) {
    for (const [code, info] of [...getSearchParams(type)].sort(([a], [b]) => a.localeCompare(b))) {
      for (const modifier of MODIFIERS[info.type] ?? []) {
        const value = rotate(INJECTION, n++, 1)[0] as string;
        out.push(
          search(
            `search-modifier/${type}/${code}:${modifier}`,
            type,
            [[`${code}:${modifier}`, value]],
            mustMatchNothing(modifier),
          ),
        );
      }
    }
  }
  return out;
}

/** Every prefix on every ordered parameter of Observation, with hostile values behind it. */
function prefixes(): CorpusCase[] {
  const out: CorpusCase[] = [];
  let n = 0;
  for (const type of ['Observation'] as const) {
    for (const [code, info] of [...getSearchParams(type)].sort(([a], [b]) => a.localeCompare(b))) {
      if (!ORDERED.has(info.type)) continue;
      for (const prefix of PREFIXES) {
        const value = rotate([...INJECTION, ...GARBAGE], n++, 1)[0] as string;
        out.push(
          search(
            `search-prefix/${type}/${code}/${prefix}`,
            type,
            [[code, `${prefix}${value}`]],
            false,
          ),
        );
      }
    }
  }
  return out;
}

/** `_sort` by every parameter (ascending and descending) and by hostile keys. */
function sorts(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const type of ['Patient'] as const) {
    for (const code of [...getSearchParams(type).keys()].sort()) {
      out.push(search(`search-sort/${type}/${code}`, type, [['_sort', code]], false));
      out.push(search(`search-sort/${type}/-${code}`, type, [['_sort', `-${code}`]], false));
    }
  }
  const hostile = [
    ...INJECTION,
    '--name',
    '-',
    ',,,,',
    'name,'.repeat(500),
    'name.family',
    'subject:Patient',
    '_id desc',
    '_score',
    ...BACKTRACKING.slice(0, 3),
  ];
  hostile.forEach((key, i) =>
    out.push(search(`search-sort/hostile/${i}`, 'Patient', [['_sort', key]], false)),
  );
  return out;
}

/** Chains and reverse chains: through every reference parameter, too deep, through non-references, injected. */
function chains(): CorpusCase[] {
  const out: CorpusCase[] = [];
  let n = 0;
  for (const type of ['Observation', 'Condition', 'Task', 'CarePlan', 'Encounter'] as const) {
    for (const [code, info] of [...getSearchParams(type)].sort(([a], [b]) => a.localeCompare(b))) {
      if (info.type !== 'reference') continue;
      const value = rotate(INJECTION, n++, 1)[0] as string;
      const target = info.target?.length === 1 ? '' : `:${info.target?.[0] ?? 'Patient'}`;
      out.push(
        search(`search-chain/${type}/${code}`, type, [[`${code}${target}._id`, value]], true),
      );
    }
  }
  const fixed: [string, string][] = [
    ['subject:Patient.name', "' OR '1'='1"],
    ['subject:Patient.organization.name', '%'],
    ['subject:Patient.organization.partof.partof.partof.name', 'x'],
    ['subject:Patient.organization.partof.partof.partof.partof.partof.name', 'x'],
    ['code.name', 'x'],
    ['subject.name', 'x'],
    ['subject:Bogus.name', 'x'],
    ['subject:Patient.bogus', 'x'],
    ['subject:Patient.', 'x'],
    ['.name', 'x'],
    ['subject:Patient.name:contains', '_'],
    ['subject:Patient.birthdate', 'gt2020-99-99'],
    ['_has:Observation:subject:code', "' OR 1=1 --"],
    ['_has:Observation:patient:code', 'x'],
    ['_has:Observation', 'x'],
    ['_has:Bogus:subject:code', 'x'],
    ['_has:Observation:bogus:code', 'x'],
    ['_has:Observation:subject:bogus', 'x'],
    ['_has:Observation:subject:_has:Observation:subject:_has:Observation:subject:code', 'x'],
    [
      '_has:Observation:subject:_has:Condition:subject:_has:Task:for:_has:CarePlan:subject:_id',
      'x',
    ],
    ['_has:Observation:subject:code:not', '%'],
    ['_has::::', 'x'],
    [`_has:${'Observation:subject:'.repeat(200)}code`, 'x'],
    [`subject${'.subject'.repeat(200)}`, 'x'],
  ];
  fixed.forEach(([name, value], i) =>
    out.push(search(`search-chain/fixed/${i}`, 'Observation', [[name, value]], false)),
  );
  return out;
}

/** `_include` and `_revinclude` on every reference parameter, with iterate, wildcards and nonsense. */
function includes(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const type of ['Observation', 'CarePlan', 'Task'] as const) {
    for (const [code, info] of [...getSearchParams(type)].sort(([a], [b]) => a.localeCompare(b))) {
      if (info.type !== 'reference') continue;
      out.push(
        search(`search-include/${type}/${code}`, type, [['_include', `${type}:${code}`]], false),
      );
      out.push(
        search(
          `search-revinclude/${type}/${code}`,
          'Patient',
          [['_revinclude', `${type}:${code}`]],
          false,
        ),
      );
    }
  }
  const hostile: [string, string][] = [
    ['_include', '*'],
    ['_include', 'Observation:*'],
    ['_include:iterate', '*'],
    ['_include:iterate', 'Observation:subject'],
    ['_include:recurse', 'Observation:subject'],
    ['_include:bogus', 'Observation:subject'],
    ['_include', 'Observation:subject:Patient'],
    ['_include', 'Observation:subject:Bogus'],
    ['_include', 'Observation:code'],
    ['_include', 'Bogus:subject'],
    ['_include', 'Observation'],
    ['_include', ':'],
    ['_include', '::::'],
    ['_include', "Observation:' OR 1=1 --"],
    ['_include', `Observation:${'a'.repeat(10_000)}`],
    ['_revinclude', '*'],
    ['_revinclude:iterate', 'Observation:subject'],
    ['_revinclude', 'Provenance:target'],
    ['_revinclude', 'AuditEvent:entity'],
    ['_revinclude', "Observation:subject'; DROP TABLE resource; --"],
  ];
  hostile.forEach(([name, value], i) =>
    out.push(search(`search-include/hostile/${i}`, 'Observation', [[name, value]], false)),
  );
  return out;
}

/** Result parameters (`_count`, `_total`, `_summary`, `_elements`, `_cursor`, `_format`) and unsupported ones. */
function resultParameters(): CorpusCase[] {
  const values: [string, string][] = [
    ['_count', '-1'],
    ['_count', '1e3'],
    ['_count', '99999999999999999999'],
    ['_count', "0' OR 1=1"],
    ['_count', '1.5'],
    ['_total', 'bogus'],
    ['_total', "accurate' --"],
    ['_summary', 'bogus'],
    ['_summary', 'count,true'],
    ['_elements', "name,' OR 1=1"],
    ['_elements', '__proto__'],
    ['_elements', 'constructor.prototype'],
    ['_elements', ','.repeat(5_000)],
    ['_cursor', 'not-a-cursor'],
    ['_cursor', Buffer.from('{"k":["\' OR 1=1 --"]}').toString('base64url')],
    ['_cursor', Buffer.from('{"__proto__":{"admin":true}}').toString('base64url')],
    ['_cursor', Buffer.from('[1,2,3]').toString('base64url')],
    ['_cursor', 'a'.repeat(50_000)],
    ['_format', 'xml'],
    ['_format', '<script>'],
    ['_pretty', 'bogus'],
    ['_text', 'x'],
    ['_content', 'x'],
    ['_filter', 'name eq "x" or 1 eq 1'],
    ['_query', 'x'],
    ['_list', 'x'],
    ['_type', 'Patient,Observation'],
    ['_bogus', 'x'],
    ['__proto__', 'x'],
    ['constructor', 'x'],
    ['name:', 'x'],
    [':', 'x'],
    ['', 'x'],
  ];
  return values.map(([name, value], i) =>
    search(`search-result/${i}`, 'Patient', [[name, value]], false),
  );
}

/** Searches in a Patient compartment, system-wide history and search by POST with hostile values. */
function otherDoors(): CorpusCase[] {
  const out: CorpusCase[] = [];
  INJECTION.forEach((value, i) => {
    out.push({
      id: `search-post/${i}`,
      group: 'search-post',
      method: 'POST',
      path: '/fhir/R4/Patient/_search',
      body: q([['name', value]]),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      expect: 'answered',
      check: { kind: 'no-matches' },
    });
    out.push(search(`search-compartment/${i}`, 'Patient/ana/Observation', [['code', value]], true));
    out.push({
      id: `search-history/${i}`,
      group: 'search-history',
      method: 'GET',
      path: `/fhir/R4/_history?${q([['_since', value]])}`,
      expect: 'refused',
    });
  });
  return out;
}

/** Hostile search cases: parameters, modifiers, prefixes, `_sort`, chains, `_has`, includes. */
export function searchCases(): CorpusCase[] {
  return [
    ...everyParameter(),
    ...modifiers(),
    ...prefixes(),
    ...sorts(),
    ...chains(),
    ...includes(),
    ...resultParameters(),
    ...otherDoors(),
  ];
}
