// The threads' wire shapes are the contract's (filled by care/messages).
export type {
  NewMessageRequest,
  NewThreadRequest,
  ThreadDetail,
  ThreadMessage,
  ThreadSummary,
} from '@careweave/contract';

/** The API's mention format: `@Practitioner/123` (also PractitionerRole, RelatedPerson, Patient) — same pattern as care/messages/codes.ts. */
const MENTION = /@((?:Practitioner|PractitionerRole|RelatedPerson|Patient)\/[A-Za-z0-9\-.]{1,64})/g;

/** A message split for display: plain text and mentions (rendered as the person's name). */
export type Segment = { text: string } | { mention: string };

/** Splits a message into text and mentions, in order. */
export function splitMentions(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    const index = m.index ?? 0;
    if (index > at) out.push({ text: text.slice(at, index) });
    out.push({ mention: m[1] as string });
    at = index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/**
 * Puts a mention of `reference` into a draft at the caret, replacing an `@word` being typed there
 * (the picker's search text), and leaves a space after it. Returns the new text and caret.
 */
export function insertMention(
  draft: string,
  caret: number,
  reference: string,
): { text: string; caret: number } {
  const before = draft.slice(0, caret);
  const after = draft.slice(caret);
  const typed = /@[^\s@]*$/.exec(before);
  const head = typed ? before.slice(0, typed.index) : before;
  const sep = head === '' || /\s$/.test(head) ? '' : ' ';
  const token = `${sep}@${reference} `;
  return { text: `${head}${token}${after.replace(/^ /, '')}`, caret: head.length + token.length };
}

/** The `@word` being typed right before the caret, if any (opens the mention picker). */
export function mentionQuery(draft: string, caret: number): string | null {
  const typed = /(?:^|\s)@([^\s@/]*)$/.exec(draft.slice(0, caret));
  return typed ? (typed[1] ?? '') : null;
}

/** The text with each mention written as `@Name` (for one-line places such as the notifications feed). */
export function mentionsAsNames(text: string, nameOf: (reference: string) => string): string {
  return splitMentions(text)
    .map((s) => ('mention' in s ? `@${nameOf(s.mention)}` : s.text))
    .join('');
}
