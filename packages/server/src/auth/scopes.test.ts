import { describe, expect, it } from 'vitest';
import {
  contextsForRole,
  covers,
  defaultScopesForRole,
  grants,
  narrowScopes,
  parseScope,
  scopesForRole,
  splitScopes,
} from './scopes.js';

const letters = (scope: string): string => [...(parseScope(scope)?.letters ?? [])].sort().join('');

describe('SMART scopes', () => {
  it('reads v1 and v2 permissions as the same letters', () => {
    expect(letters('patient/*.read')).toBe('rs');
    expect(letters('patient/*.rs')).toBe('rs');
    expect(letters('user/Observation.write')).toBe('cdu');
    expect(letters('user/*.*')).toBe('cdrsu');
    expect(letters('user/*.cruds')).toBe('cdrsu');
    expect(parseScope('system/Patient.rs')).toEqual({
      context: 'system',
      resourceType: 'Patient',
      letters: new Set(['r', 's']),
    });
  });

  it('refuses malformed scopes, out-of-order letters and granular (query) scopes it cannot enforce', () => {
    for (const bad of [
      'patient/*.sr',
      'patient/*.',
      'patient/*.x',
      'admin/*.rs',
      'patient/observation.rs',
      'patient/Observation.rs?category=laboratory',
      'launch/patient',
      'openid',
      '',
    ]) {
      expect(parseScope(bad), bad).toBeUndefined();
    }
  });

  it('compares scopes: a wildcard covers a type, more letters cover fewer, contexts never mix', () => {
    expect(covers('user/*.cruds', 'user/Observation.rs')).toBe(true);
    expect(covers('user/*.read', 'user/Patient.rs')).toBe(true);
    expect(covers('user/Observation.rs', 'user/Observation.c')).toBe(false);
    expect(covers('user/Observation.cruds', 'user/*.r')).toBe(false);
    expect(covers('user/*.cruds', 'patient/*.rs')).toBe(false);
    expect(covers('launch/patient', 'launch/patient')).toBe(true);
    expect(
      narrowScopes(
        ['patient/*.rs', 'system/*.rs', 'user/Observation.cruds'],
        ['patient/*.cruds', 'user/Observation.rs'],
      ),
    ).toEqual(['patient/*.rs']);
  });

  it("grants a need only within the token's contexts", () => {
    expect(grants(['user/*.rs'], ['user'], { resourceType: 'Patient', letter: 'r' })).toBe(true);
    expect(grants(['user/*.rs'], ['user'], { resourceType: 'Patient', letter: 'c' })).toBe(false);
    expect(grants(['system/*.cruds'], ['user'], { resourceType: 'Patient', letter: 'r' })).toBe(
      false,
    );
    expect(grants(['user/Observation.rs'], ['user'], { resourceType: '*', letter: 'r' })).toBe(
      false,
    );
    expect(grants(['user/*.rs'], ['user'], { resourceType: '*', letter: 'r' })).toBe(true);
  });

  it('gives staff user/ scopes and patients and caregivers patient/ scopes', () => {
    expect(defaultScopesForRole('care-coordinator')).toEqual(['user/*.cruds']);
    expect(defaultScopesForRole('patient')).toEqual(['patient/*.cruds']);
    expect(contextsForRole('caregiver')).toEqual(['patient']);
    expect(
      scopesForRole('patient', [
        'user/*.cruds',
        'patient/*.rs',
        'system/*.rs',
        'launch/patient',
        'openid',
      ]),
    ).toEqual(['patient/*.rs', 'launch/patient', 'openid']); // OpenID Connect is granted to anyone
    expect(scopesForRole('physician', ['user/*.cruds', 'patient/*.rs', 'system/*.rs'])).toEqual([
      'user/*.cruds',
    ]);
    expect(splitScopes('  a  b a ')).toEqual(['a', 'b']);
  });
});
