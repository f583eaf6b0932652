/** A card's markdown detail as text runs: `**bold**` spans marked, everything else plain (no HTML). */
export function detailRuns(markdown: string): { text: string; strong: boolean }[] {
  return markdown
    .split('**')
    .map((text, i) => ({ text, strong: i % 2 === 1 }))
    .filter((r) => r.text.length > 0);
}
