import { describe, expect, it } from 'vitest';
import { auditQuery, NO_FILTERS } from './audit';

describe('the audit log query', () => {
  it('leaves out empty filters and keeps the paging parameters', () => {
    expect(auditQuery(NO_FILTERS, {})).toBe('');
    expect(
      auditQuery({ ...NO_FILTERS, user: ' grace@x.example ', action: 'login' }, { count: '50' }),
    ).toBe('?user=grace%40x.example&action=login&count=50');
  });

  it('reads a date-only "to" as the whole day', () => {
    expect(auditQuery({ ...NO_FILTERS, from: '2026-11-01', to: '2026-11-02' }, {})).toBe(
      '?from=2026-11-01&to=2026-11-02T23%3A59%3A59.999Z',
    );
  });
});
