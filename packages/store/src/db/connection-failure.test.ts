import { OperationOutcomeError } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { isConnectionFailure, translateDatabaseError } from './errors.js';

const withCode = (code: string, message = 'x'): Error =>
  Object.assign(new Error(message), { code });

describe('a database that cannot be reached is a transient 503, a failed statement is not', () => {
  it.each([
    ['refused connection', withCode('ECONNREFUSED')],
    ['reset connection', withCode('ECONNRESET')],
    ['server shutting down (57P01 admin_shutdown)', withCode('57P01')],
    ['server starting up (57P03 cannot_connect_now)', withCode('57P03')],
    ['connection exception class 08', withCode('08006')],
    ['pg: connection died mid-query', new Error('Connection terminated unexpectedly')],
    ['pg: no connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'refused on every address of the host',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
    ],
  ])('%s', (_what, err) => {
    expect(isConnectionFailure(err)).toBe(true);
    const translated = translateDatabaseError(err);
    expect(translated).toBeInstanceOf(OperationOutcomeError);
    const outcome = (translated as OperationOutcomeError).outcome;
    expect(outcome.id).toBe('unavailable');
    expect(outcome.issue?.[0]?.code).toBe('transient');
  });

  it.each([
    ['syntax error', withCode('42601', 'syntax error')],
    [
      'statement timeout (57014)',
      withCode('57014', 'canceling statement due to statement timeout'),
    ],
    ['a unique violation', withCode('23505')],
    ['a plain error mentioning nothing', new Error('boom')],
    ['not an error', 'Connection terminated'],
  ])('%s is not', (_what, err) => {
    expect(isConnectionFailure(err)).toBe(false);
  });
});
