/**
 * The portal's larger-text setting: the root font size, so every rem-sized thing (Mantine's
 * whole scale) grows together, remembered on this device. WCAG 2.1 1.4.4 asks that text can be
 * resized to 200 % without loss of content; this gives people who need it a one-tap way there.
 */
export const TEXT_SIZES = { normal: '100%', large: '125%', larger: '150%' } as const;
export type TextSize = keyof typeof TEXT_SIZES;

const KEY = 'careweave.portal.textSize';

export function isTextSize(value: unknown): value is TextSize {
  return typeof value === 'string' && Object.hasOwn(TEXT_SIZES, value);
}

/** The saved setting (normal when none, or storage is unavailable). */
export function savedTextSize(storage: Pick<Storage, 'getItem'> | undefined): TextSize {
  try {
    const value = storage?.getItem(KEY);
    return isTextSize(value) ? value : 'normal';
  } catch {
    return 'normal';
  }
}

/** Applies the setting to the document and remembers it. */
export function applyTextSize(
  size: TextSize,
  root: { style: { fontSize: string } },
  storage?: Pick<Storage, 'setItem'>,
): void {
  root.style.fontSize = size === 'normal' ? '' : TEXT_SIZES[size];
  try {
    storage?.setItem(KEY, size);
  } catch {
    // Private browsing may refuse storage: the size still applies for this visit.
  }
}
