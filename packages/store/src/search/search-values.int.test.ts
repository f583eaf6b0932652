import { OperationOutcomeError, getStatus } from '@medplum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../context.js';
import { Repository, queryPairs } from '../repository/repository.js';
import { CLINIC_PROFILE, seedClinic } from '../testing/clinic.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';

// FHIR R4 §3.1.1.4 (search parameter types) on the fixed clinic of testing/clinic.ts: each case
// is a query and the ids it must return — no more, no fewer — on PGlite and on PostgreSQL.
type Case = [query: string, expected: string[]];

describe.each(testDatabaseKinds())('search parameter types on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;
  const ids = async (type: string, query: string): Promise<string[]> => {
    const result = await repo.search(SYSTEM_CONTEXT, type, [
      ...queryPairs(query),
      ['_count', '100'],
    ]);
    return result.resources.map((r) => r.id as string).sort();
  };
  const status = async (type: string, query: string): Promise<number> => {
    try {
      await repo.search(SYSTEM_CONTEXT, type, queryPairs(query));
      return 200;
    } catch (err) {
      if (err instanceof OperationOutcomeError) {
        return getStatus(err.outcome);
      }
      throw err;
    }
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = new Repository(t.db);
    await seedClinic(repo);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it.each<Case>([
    // §3.1.1.4.8 string: starts-with, case- and accent-insensitive, on any part of the name
    ['name=jose', ['p1']],
    ['name=MUÑOZ', ['p1']],
    ['family=munoz-garcia', ['p1']],
    ['family=smith', ['p2', 'p3']],
    ['name=anne', ['p2', 'p3']],
    ['name=anne smith', ['p2']],
    ['address-city=BESANCON', ['p2']],
    // :exact is the whole string, case and accents significant; :contains anywhere
    ['family:exact=Smith', ['p2']],
    ['family:exact=smith', []],
    ['given:exact=José', ['p1']],
    ['given:exact=Jose', []],
    ['family:contains=ITHS', ['p3']],
    ['name:contains=arc', ['p1']],
    // OR within a parameter, AND across repeats; empty values are ignored
    ['family=mu,smithson', ['p1', 'p3']],
    ['name=anne&name=smiths', ['p3']],
    ['family=', ['p1', 'p2', 'p3', 'p4', 'renamed']],
    ['family=smith,', ['p2', 'p3']],
    // deleted and superseded versions never match
    ['family=oldname', []],
    ['family=newname', ['renamed']],
  ])('Patient?%s', async (query, expected) => {
    expect(await ids('Patient', query)).toEqual(expected);
  });

  it.each<Case>([
    // §3.1.1.4.9 token: system|code, code, system|, |code, :not, :text, :of-type, escapes
    ['code=http://loinc.org|8480-6', ['o1']],
    ['code=8480-6', ['o1']],
    ['code=http://loinc.org|', ['o1', 'o2', 'o3', 'o4']],
    ['code=|8480-6', []],
    ['code=|living', []],
    ['code=urn:notes|living', ['o5']],
    ['code=8480-6,2339-0', ['o1', 'o3']],
    ['status:not=final', ['o4']],
    ['code:not=8480-6,2339-0', ['o2', 'o4', 'o5']],
    ['code:text=glucose', ['o3']],
    ['code:text=SYSTOLIC', ['o1']],
    ['category=vital-signs&status=final', ['o1']],
    ['_id=o1,o3', ['o1', 'o3']],
  ])('Observation?%s', async (query, expected) => {
    expect(await ids('Observation', query)).toEqual(expected);
  });

  it.each<Case>([
    ['identifier=urn:mrn|A\\,1\\|x', ['p1']],
    ['identifier=A\\,1\\|x', ['p1']],
    ['identifier=urn:mrn|A', []],
    ['identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|A\\,1\\|x', ['p1']],
    ['gender=female', ['p2', 'p3']],
    ['gender:not=female', ['p1', 'p4', 'renamed']],
    ['email=anne@example.org', ['p2']],
    // §3.1.1.5 parameters for all resources: _tag, _security, _profile (uri), _id
    ['_tag=urn:tag|vip', ['p3']],
    ['_security=urn:sec|R', ['p3']],
    ['_security:not=urn:sec|R&gender=female', ['p2']],
    [`_profile=${CLINIC_PROFILE}`, ['p3']],
    ['_profile:below=http://hl7.org/fhir/us/core', ['p3']],
    ['_profile=http://hl7.org/fhir/us/core', []],
    ['_id=p4', ['p4']],
    ['_id:missing=false&gender=male', ['p1']],
  ])('Patient?%s (tokens and uris)', async (query, expected) => {
    expect(await ids('Patient', query)).toEqual(expected);
  });

  it.each<Case>([
    // §3.1.1.4.2 date: the precision of both sides counts; prefixes compare ranges
    ['birthdate=1970', ['p1']],
    ['birthdate=1970-02', ['p1']],
    ['birthdate=1970-02-10', []],
    ['birthdate=1970-03', []],
    ['birthdate=ge1985-06-15', ['p2', 'p3']],
    ['birthdate=gt1985-06-15', ['p3']],
    ['birthdate=lt1985', ['p1']],
    ['birthdate=le1985-06-15', ['p1', 'p2']],
    ['birthdate=sa1985-06-15', ['p3']],
    ['birthdate=eb1985-06-15', ['p1']],
    ['birthdate=ne1985-06-15', ['p1', 'p3']],
    ['birthdate=ap1985-06-15', ['p2']],
    ['birthdate=ge1970-02-15&birthdate=le1970-02-15', ['p1']],
    ['birthdate:missing=true', ['p4', 'renamed']],
  ])('Patient?%s (dates)', async (query, expected) => {
    expect(await ids('Patient', query)).toEqual(expected);
  });

  it.each<Case>([
    // timezone offsets: 10:00+02:00 is 08:00Z; 23:30-05:00 on Dec 31 is Jan 1 in UTC
    ['date=2024-05-01T08:00:00Z', ['o1']],
    ['date=2024-05-01T10:00:00%2B02:00', ['o1']],
    ['date=2024-05-01T10:00:00Z', []],
    // lt: some of the target's range lies before the value (o2's period and o3's day start at 00:00Z)
    ['date=lt2024-05-01T08:00:00Z', ['o2', 'o3', 'o4']],
    ['date=lt2024-05-01T00:00:00Z', ['o4']],
    ['date=2024-05-01', ['o1', 'o3']],
    ['date=2024-05', ['o1', 'o2', 'o3']],
    ['date=ge2024-05-02', ['o2']],
    ['date=2024-01-01', ['o4']],
    ['date=2023', []],
    ['date:missing=true', ['o5']],
    // §3.1.1.4.6 quantity: implicit precision, prefixes, system|code, ||unit
    ['value-quantity=150', ['o1']],
    ['value-quantity=150.0', []],
    ['value-quantity=gt149', ['o1']],
    // number ranges are half-open: 150 is [149.5, 150.5), so it is not ge151 nor le149
    ['value-quantity=ge151', []],
    ['value-quantity=le149&code=8480-6', []],
    ['value-quantity=sa149', ['o1']],
    ['value-quantity=eb151&code=8480-6', ['o1']],
    ['value-quantity=lt10', ['o3']],
    ['value-quantity=5.4|http://unitsofmeasure.org|mmol/L', ['o3']],
    ['value-quantity=5.4||mmol/L', ['o3']],
    ['value-quantity=5.4|http://unitsofmeasure.org|mg', []],
    ['value-quantity=ap5', ['o3']],
    ['value-quantity=ne150&code=http://loinc.org|', ['o3']],
    ['component-value-quantity=le80', ['o2']],
    ['combo-value-quantity=ge120', ['o1', 'o2']],
    // §3.1.1.5.8 composite: the code and the value of the same component
    ['component-code-value-quantity=http://loinc.org|8480-6$gt100', ['o2']],
    ['component-code-value-quantity=8480-6$gt130', []],
    ['component-code-value-quantity=8462-4$80', ['o2']],
    ['combo-code-value-quantity=8480-6$gt130', ['o1']],
    ['combo-code-value-quantity=8480-6$gt100', ['o1', 'o2']],
    ['code-value-quantity=http://loinc.org|2339-0$5.4|http://unitsofmeasure.org|mmol/L', ['o3']],
    ['code-value-quantity=http://loinc.org|$lt6', ['o3']],
    ['code-value-concept=72166-2$http://snomed.info/sct|449868002', ['o4']],
    ['code-value-concept=http://loinc.org|72166-2$449868002', ['o4']],
    ['code-value-concept=72166-2$http://snomed.info/sct|1', []],
    // a `$` inside a code is escaped as `\$`
    ['code-value-concept=72166-2$urn:local|daily\\$smoker', ['o4']],
    ['value-concept=urn:local|daily$smoker', ['o4']],
    ['code-value-string=living$lives', ['o5']],
    ['code-value-quantity:missing=false', ['o1', 'o3']],
    // §3.1.1.4.10 reference: Type/id, id, :Type, absolute URL, version
    ['subject=Patient/p2', ['o2', 'o3']],
    ['subject=p3', ['o4']],
    ['subject:Patient=p1&code=8480-6', ['o1']],
    ['patient=http://example.org/fhir/Patient/p3', ['o4']],
    ['subject=Patient/p3/_history/1', ['o4']],
    ['subject=Patient/gone', []],
    ['performer:missing=false', ['o1']],
  ])('Observation?%s (dates, quantities, composites, references)', async (query, expected) => {
    expect(await ids('Observation', query)).toEqual(expected);
  });

  it('numbers: a probability of 0.25 is 0.25, gt0.2, but not 0.3', async () => {
    expect(await ids('RiskAssessment', 'probability=0.25')).toEqual(['r1']);
    expect(await ids('RiskAssessment', 'probability=gt0.2')).toEqual(['r1']);
    expect(await ids('RiskAssessment', 'probability=0.3')).toEqual([]);
  });

  it.each([
    ['Patient', 'birthdate=notadate'],
    ['Patient', 'birthdate=1970-13'],
    ['Observation', 'value-quantity=abc'],
    ['Observation', 'component-code-value-quantity=8480-6'],
    ['Patient', 'name:fuzzy=x'],
    ['Patient', 'gender:exact=male'],
    ['Patient', 'name:missing=maybe'],
    ['Patient', 'unknown-param=1'],
    ['Observation', 'code:in=http://example.org/vs'],
    ['Observation', 'subject:identifier=urn:mrn|1'],
    ['Location', 'near=42.25|-83.69|10|parsec'],
    ['Location', 'near:missing=true'],
    ['Patient', 'near=42.25|-83.69'],
    ['Patient', '_text=smith'],
    ['Patient', '_content=smith'],
  ])('%s?%s is refused with 400', async (type, query) => {
    expect(await status(type, query)).toBe(400);
  });
});
