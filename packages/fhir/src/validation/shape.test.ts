import { beforeAll, describe, expect, it } from 'vitest';
import { loadFhirDefinitions } from '../definitions.js';
import { narrativeProblem } from './narrative.js';
import { isCalendarDate } from './shape.js';
import { validateResourceStrict } from './validate.js';

const PATIENT = {
  resourceType: 'Patient',
  active: true,
  name: [{ family: 'Shape', given: ['Case'] }],
  gender: 'female',
  birthDate: '1960-04-05',
  telecom: [{ system: 'phone', value: '555-0100' }],
};
const XHTML = 'http://www.w3.org/1999/xhtml';

/** `expression: text` of each error issue. */
function errors(resource: unknown): string[] {
  return validateResourceStrict(resource)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.expression?.[0] ?? '-'}: ${i.details?.text ?? ''}`);
}

beforeAll(() => {
  loadFhirDefinitions();
});

describe('JSON shapes medplum lets through', () => {
  it('accepts the valid resource the cases below break', () => {
    expect(errors(PATIENT)).toEqual([]);
  });

  it.each([
    ['an object where an array belongs', { name: {} }, 'Patient.name: name repeats'],
    ['an empty array', { telecom: [] }, 'Patient.telecom: An array must not be empty'],
    ['an array where one value belongs', { gender: [] }, 'Patient.gender: gender does not repeat'],
    ['an object where a code belongs', { gender: {} }, 'Patient.gender: A code must be a JSON string'],
    ['an object where a date belongs', { birthDate: {} }, 'Patient.birthDate: A date must be'],
    ['a number where a datatype belongs', { maritalStatus: 7 }, 'A CodeableConcept must be a JSON object'],
    ['an empty datatype', { managingOrganization: {} }, 'must have a value or children (ele-1)'],
    ['null in an array', { name: [{ given: ['x', null] }] }, 'Patient.name[0].given[1]'],
    ['an empty nested contained', { contained: [{ resourceType: 'Patient', contained: [] }] }, 'Patient.contained[0].contained: An array must not be empty'],
  ])('refuses %s', (_what, change, expected) => {
    expect(errors({ ...PATIENT, ...change }).join('\n')).toContain(expected);
  }); // prettier-ignore

  it('reaches choice types, backbone elements and nested resources', () => {
    expect(errors({ ...PATIENT, deceasedDateTime: [] }).join('\n')).toContain(
      'Patient.deceasedDateTime',
    );
    expect(errors({ ...PATIENT, contact: [{ name: [] }] }).join('\n')).toContain(
      'Patient.contact[0].name',
    );
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', birthDate: '2001-02-29' } }],
    };
    expect(errors(bundle).join('\n')).toContain('Bundle.entry[0].resource.birthDate');
  });
});

describe('calendar dates (R4 datatypes: "SHALL be valid dates")', () => {
  it('knows month lengths and leap years', () => {
    expect(['2024-02-29', '2000-02-29', '1960-04-30', '1960-12-31', '1960', '1960-02'].every(isCalendarDate)).toBe(true);
    expect(['2023-02-29', '1900-02-29', '1960-02-30', '1960-04-31', '1960-13-01', '1960-00-10'].some(isCalendarDate)).toBe(false);
  }); // prettier-ignore

  it('refuses an impossible day in a date, a dateTime and an instant', () => {
    expect(errors({ ...PATIENT, birthDate: '1960-02-30' })).toEqual([
      'Patient.birthDate: "1960-02-30" is not a day of the calendar',
    ]);
    expect(errors({ ...PATIENT, deceasedDateTime: '2021-04-31T10:00:00Z' })).toHaveLength(1);
    expect(
      errors({ ...PATIENT, meta: { lastUpdated: '2021-02-29T10:00:00.000Z' } }).join('\n'),
    ).toContain('Patient.meta.lastUpdated');
  });
});

describe('narrative (R4 narrative.html#xhtml, txt-1 and txt-2)', () => {
  const div = (inner: string): string => `<div xmlns="${XHTML}">${inner}</div>`;

  it('accepts basic formatting, tables, links and images, and the eCQM `xmlns="null"` tables', () => {
    for (const ok of [
      div('<p>Ana <b>Álvarez</b>, born 1960 &amp; well</p>'),
      div('<table class="grid"><tbody><tr><td colspan="2">x</td></tr></tbody></table>'),
      div('<a href="https://example.org/x">link</a><br/><img src="#photo" alt="photo"/>'),
      div('<img src="photo.png"/>'),
      div(
        '<table xmlns="null"><tbody xmlns="http://www.w3.org/1999/xhtml"><tr><td>x</td></tr></tbody></table>',
      ),
    ]) {
      expect(narrativeProblem(ok), ok).toBeUndefined();
    }
  });

  it.each([
    ['text that is not XHTML', 'not xhtml', 'not well-formed'],
    ['a root that is not a div', `<p xmlns="${XHTML}">x</p>`, 'root must be a div'],
    ['a div outside the XHTML namespace', '<div>x</div>', 'root must be a div'],
    ['unbalanced tags', div('<p>x'), 'not well-formed'],
    ['a script', div('<script>alert(1)</script>'), '<script>'],
    ['an iframe', div('<iframe src="https://example.org"></iframe>'), '<iframe>'],
    ['a form', div('<form><input/></form>'), '<form>'],
    ['an event attribute', div('<p onclick="alert(1)">x</p>'), 'event attribute onclick'],
    ['an event attribute on an image', div('<img src="x" onerror="alert(1)"/>'), 'event attribute onerror'],
    ['a javascript: link', div('<a href=" JavaScript:alert(1)">x</a>'), 'script or data URL'],
    ['a data: image', div('<img src="data:text/html,&lt;script&gt;"/>'), 'script or data URL'],
    ['no content', div('  '), 'no content'],
    ['an HTML entity XML does not define', div('a&nbsp;b'), 'not well-formed'],
  ])('refuses %s', (_what, narrative, expected) => {
    expect(narrativeProblem(narrative)).toContain(expected);
  }); // prettier-ignore

  it('reports a bad narrative at Resource.text.div', () => {
    expect(
      errors({ ...PATIENT, text: { status: 'generated', div: div('<script>x</script>') } }),
    ).toEqual([
      'Patient.text.div: Invalid narrative: element <script> is not allowed in a narrative',
    ]);
  });
});
