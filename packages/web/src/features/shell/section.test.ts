// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { navigationFor } from './navigation';
import { activeSection } from './section';

afterEach(() => sessionStorage.clear());

describe('which menu item a page belongs to', () => {
  const items = navigationFor('care-coordinator');

  it('marks a patient page as part of the section the user came from', () => {
    expect(activeSection(items, '/worklist')).toBe('/worklist');
    expect(activeSection(items, '/patients/p1')).toBe('/worklist');
    expect(activeSection(items, '/patients/p1/plan')).toBe('/worklist');
    expect(activeSection(items, '/population')).toBe('/population');
    expect(activeSection(items, '/patients/p1')).toBe('/population');
  });

  it('marks no section for a patient page opened directly', () => {
    expect(activeSection(items, '/patients/p1')).toBeNull();
  });

  it('keeps administration pages under Administration', () => {
    expect(activeSection(navigationFor('administrator'), '/admin/users')).toBe('/admin');
  });
});
