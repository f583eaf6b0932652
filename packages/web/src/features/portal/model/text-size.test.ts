import { describe, expect, it } from 'vitest';
import { applyTextSize, savedTextSize } from './text-size';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('the larger-text setting', () => {
  it('grows the root font size and remembers the choice', () => {
    const storage = memoryStorage();
    const root = { style: { fontSize: '' } };
    expect(savedTextSize(storage)).toBe('normal');
    applyTextSize('larger', root, storage);
    expect(root.style.fontSize).toBe('150%');
    expect(savedTextSize(storage)).toBe('larger');
    applyTextSize('normal', root, storage);
    expect(root.style.fontSize).toBe('');
  });

  it('ignores a stored value it does not know, and storage that refuses', () => {
    expect(savedTextSize(memoryStorage({ 'careweave.portal.textSize': 'huge' }))).toBe('normal');
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(savedTextSize(refusing)).toBe('normal');
    const root = { style: { fontSize: '' } };
    applyTextSize('large', root, refusing);
    expect(root.style.fontSize).toBe('125%');
  });
});
