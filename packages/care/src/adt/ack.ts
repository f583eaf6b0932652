import { Hl7Segment, formatHl7DateTime, type Hl7Message } from '@medplum/core';
import type { AckCode } from '@careweave/contract';
import type { AdtError } from './errors.js';

/** HL7 escape sequences for text placed in a field (chapter 2.7: \F\ \S\ \R\ \E\ \T\). */
export function escapeHl7(text: string, message?: Hl7Message): string {
  const c = message?.context;
  const map: [string, string][] = [
    [c?.escapeCharacter ?? '\\', 'E'],
    [c?.fieldSeparator ?? '|', 'F'],
    [c?.componentSeparator ?? '^', 'S'],
    [c?.repetitionSeparator ?? '~', 'R'],
    [c?.subcomponentSeparator ?? '&', 'T'],
  ];
  const escape = map[0]?.[0] ?? '\\';
  let out = '';
  for (const ch of text.replace(/[\r\n]+/g, ' ')) {
    const hit = map.find(([sep]) => sep === ch);
    out += hit ? `${escape}${hit[1]}${escape}` : ch;
  }
  return out;
}

/**
 * The ERR segment of an `AE`: ERR-1 for v2.3–2.4 receivers (location^code&text&table) and, for
 * v2.5+, ERR-2 location, ERR-3 HL7 error code (table 0357), ERR-4 severity, ERR-8 user message.
 */
function errSegment(
  message: Hl7Message,
  error: Pick<AdtError, 'location' | 'code' | 'message'>,
): Hl7Segment {
  const ctx = message.context;
  const [seg = '', seq = '', field = ''] = error.location.split('^');
  const sub = ctx.subcomponentSeparator;
  const comp = ctx.componentSeparator;
  const text = escapeHl7(error.message, message);
  return Hl7Segment.parse(
    [
      'ERR',
      [seg, seq, field, [error.code, 'Application error', 'HL70357'].join(sub)].join(comp),
      [seg, seq, field].join(comp),
      [error.code, 'Application error', 'HL70357'].join(comp),
      'E',
      '',
      '',
      '',
      text,
    ].join(ctx.fieldSeparator),
    ctx,
  );
}

/** The ACK of a message that parsed as HL7; `AE` carries the reason in MSA-3 and an ERR segment. */
export function buildAck(
  message: Hl7Message,
  code: AckCode,
  error?: Pick<AdtError, 'location' | 'code' | 'message'>,
): string {
  const ack = message.buildAck({
    ackCode: code,
    ...(error ? { errSegment: errSegment(message, error) } : {}),
  });
  ack.header.setField(3, 'Careweave');
  ack.header.setField(4, 'Careweave');
  if (error) ack.getSegment('MSA')?.setField(3, escapeHl7(error.message, message));
  return ack.toString();
}

/** The `AR` answer to text that is not HL7: there is no header to echo, so MSA-2 is empty. */
export function rejectAck(reason: string, now: Date = new Date()): string {
  const ts = formatHl7DateTime(now)
    .replace(/[^0-9]/g, '')
    .slice(0, 14);
  return [
    `MSH|^~\\&|Careweave|Careweave|||${ts}||ACK|${now.getTime()}|P|2.5`,
    `MSA|AR||${escapeHl7(reason)}`,
  ].join('\r');
}
