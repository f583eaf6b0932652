import { describe, expect, it } from 'vitest';
import { phiIn } from './workspace.js';

// Every browser test's workspace fails its `close` when the server log names one of the
// generated people; this is the matcher that decides it.
describe('finding health data in a server log', () => {
  const people = ['Delgado', 'Rosa', '1952-03-14', 'CW00000042'];

  it('finds a name, a birth date or an identifier wherever a line carries it', () => {
    expect(
      phiIn(
        [
          '{"level":30,"msg":"request completed","url":"/fhir/R4/Patient?name=Delgado"}',
          '{"level":40,"msg":"HL7 duplicate","text":"PID|1||CW00000042||Rosa"}',
          '{"level":30,"birthdate":"1952-03-14"}',
        ],
        people,
      ),
    ).toEqual(['1952-03-14', 'CW00000042', 'Delgado', 'Rosa']);
  });

  it('passes a log of route patterns and ids, and names inside longer words', () => {
    expect(
      phiIn(
        [
          '{"level":30,"msg":"request completed","route":"/fhir/R4/Patient/:id","id":"p-17"}',
          '{"level":30,"msg":"Rosalind Delgadoes"}',
        ],
        people,
      ),
    ).toEqual([]);
  });
});
