import { fhirTypeToJsType, getAllDataTypes, type InternalSchemaElement } from '@medplum/core';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { IssuePath } from './issue-path.js';
import { narrativeProblem } from './narrative.js';

const JS_TYPES: Record<string, string> = fhirTypeToJsType;
const DATE_TYPES = new Set(['date', 'dateTime', 'instant']);
/** Far deeper than any FHIR resource; the server refuses JSON deeper than 100 levels anyway. */
const MAX_DEPTH = 200;

/**
 * The JSON-shape rules @medplum/core's `validateResource` (4.5) lets through, checked against the
 * same R4 definitions (https://hl7.org/fhir/R4/json.html):
 * - a repeating element is an array and a single one is not (`name: {}`, `gender: []`);
 * - arrays and objects are never empty, and a datatype is an object (`birthDate: {}`,
 *   `subject: 7`, `period: {}`) — ele-1, "All FHIR elements must have a @value or children";
 * - a primitive has its JSON type (`priority: {}`, `description: []`);
 * - a date is a day of the calendar (`1960-02-30`; https://hl7.org/fhir/R4/datatypes.html#date
 *   "SHALL be valid dates");
 * - narrative is XHTML FHIR allows (`narrative.ts`).
 * Unknown elements, choice-type clashes and cardinality are medplum's to report; this walk never
 * throws on bad input.
 */
export function shapeIssues(resource: Record<string, unknown>): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const type = resource.resourceType;
  if (typeof type === 'string') walkObject(type, resource, new IssuePath(type), issues, 0);
  return issues;
}

/** Whether a date, dateTime or instant names a day that exists (the format is checked elsewhere). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return true; // a year or year-month, or a format error reported elsewhere
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate(); // day 0 of next month = last day
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** The element a JSON key carries, and the one type it has there (a choice key names its type). */
function elementOf(
  elements: Record<string, InternalSchemaElement>,
  key: string,
): { element: InternalSchemaElement; type: string } | undefined {
  const direct = elements[key];
  if (direct?.type?.length === 1 && direct.type[0]) {
    return { element: direct, type: direct.type[0].code };
  }
  for (const [name, element] of Object.entries(elements)) {
    if (!name.endsWith('[x]') || !key.startsWith(name.slice(0, -3))) continue;
    const suffix = key.slice(name.length - 3);
    const type = element.type?.find(
      (t) => t.code.charAt(0).toUpperCase() + t.code.slice(1) === suffix,
    );
    if (type) return { element, type: type.code };
  }
  return undefined;
}

function walkObject(
  type: string,
  object: Record<string, unknown>,
  path: IssuePath,
  issues: OperationOutcomeIssue[],
  depth: number,
): void {
  const schema = getAllDataTypes()[type];
  if (!schema || depth > MAX_DEPTH) return;
  for (const [key, value] of Object.entries(object)) {
    if (key === 'resourceType' || key.startsWith('_')) continue;
    // An undefined property is absent: JSON cannot carry it (in-process callers spread objects).
    if (value === undefined) continue;
    const found = elementOf(schema.elements, key);
    if (!found) continue; // unknown element: medplum reports it
    path.push(key);
    if (found.element.isArray) {
      if (!Array.isArray(value)) {
        issues.push(issue(path.toString(), `${key} repeats: its value must be an array`));
      } else if (value.length === 0) {
        issues.push(issue(path.toString(), 'An array must not be empty'));
      } else {
        value.forEach((item, i) => {
          path.pushIndex(i);
          walkValue(found.type, item, path, issues, depth);
          path.pop();
        });
      }
    } else if (Array.isArray(value)) {
      issues.push(issue(path.toString(), `${key} does not repeat: its value must not be an array`));
    } else {
      walkValue(found.type, value, path, issues, depth);
    }
    path.pop();
  }
}

function walkValue(
  type: string,
  value: unknown,
  path: IssuePath,
  issues: OperationOutcomeIssue[],
  depth: number,
): void {
  if (value === null || value === undefined) {
    issues.push(issue(path.toString(), 'A value must not be null'));
    return;
  }
  const jsType = JS_TYPES[type];
  if (jsType) {
    if (typeof value !== jsType) {
      issues.push(issue(path.toString(), `A ${type} must be a JSON ${jsType}`));
    } else if (typeof value === 'string' && DATE_TYPES.has(type) && !isCalendarDate(value)) {
      issues.push(issue(path.toString(), `${JSON.stringify(value)} is not a day of the calendar`));
    } else if (typeof value === 'string' && type === 'xhtml') {
      const problem = narrativeProblem(value);
      if (problem) issues.push(issue(path.toString(), `Invalid narrative: ${problem}`));
    }
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.push(issue(path.toString(), `A ${type} must be a JSON object`));
    return;
  }
  const object = value as Record<string, unknown>;
  if (Object.keys(object).length === 0) {
    issues.push(issue(path.toString(), 'An element must have a value or children (ele-1)'));
    return;
  }
  const nestedType =
    type === 'Resource' && typeof object.resourceType === 'string' ? object.resourceType : type;
  walkObject(nestedType, object, path, issues, depth + 1);
}

function issue(expression: string, text: string): OperationOutcomeIssue {
  return { severity: 'error', code: 'structure', expression: [expression], details: { text } };
}
