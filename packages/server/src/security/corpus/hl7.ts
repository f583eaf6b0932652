import type { AckCode } from '@careweave/contract';
import { BACKTRACKING, INJECTION } from './payloads.js';

const VT = 0x0b;
const FS = 0x1c;
const CR = 0x0d;

/**
 * One hostile exchange with the MLLP listener: bytes written on a fresh connection, one write
 * each, and the ACKs they must get in order (each entry lists the codes allowed). Afterwards
 * the runner sends a valid message — on the same connection, or on a new one when the case
 * closes its own — and it must be acknowledged `AA`: the listener kept serving.
 */
export interface Hl7Case {
  /** Unique and stable: `hl7-…/…`. */
  id: string;
  group: 'hl7-frame' | 'hl7-message' | 'hl7-injection';
  writes: Buffer[];
  acks: AckCode[][];
  /** The case ends by closing the connection (half a frame, or a frame and no wait for its ACK). */
  closes?: true;
}

/** The fields a hostile value is put into: where each sits in the message below. */
type Field = 'family' | 'mrn' | 'visit' | 'city' | 'controlId' | 'sender';

/** A valid ADT^A01 (admission), segments separated by CR; `n` makes the person and stay unique. */
export function adtMessage(n: string, values: Partial<Record<Field, string>> = {}): string {
  const v = {
    family: `Corpus${n}`,
    mrn: `HC-MRN-${n}`,
    visit: `HC-V-${n}`,
    city: 'Boston',
    controlId: `HC-${n}`,
    sender: 'CORPUS',
    ...values,
  };
  return [
    `MSH|^~\\&|${v.sender}|CITY|CW|CW|20261201090000||ADT^A01|${v.controlId}|P|2.4`,
    'EVN|A01|20261201090000',
    `PID|1||${v.mrn}^^^CITYHOSP^MR||${v.family}^Kenji||19550101|M|||2 High St^^${v.city}^MA^02118`,
    `PV1|1|I|W1^1^1||||||||||||||||${v.visit}^^^CITY^VN|||||||||||||||||||||||||20261201080000`,
  ].join('\r');
}

/** An MLLP frame around raw bytes. */
function framed(payload: Buffer | string): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([Buffer.from([VT]), bytes, Buffer.from([FS, CR])]);
}

/** Deterministic noise without a VT (so it never starts a frame). */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const byte = (x >> 16) & 0xff;
    out[i] = byte === VT ? 0 : byte;
  }
  return out;
}

/** Bytes outside frames, broken and oversized frames: dropped or answered AR, never a crash. */
function frameCases(): Hl7Case[] {
  const cases: [string, Buffer[], AckCode[][], true?][] = [
    ['text-without-frame', [Buffer.from('hello\r\nMSH|^~\\&|X\r\n')], []],
    ['nul-bytes', [Buffer.alloc(1000)], []],
    ['random-bytes', [noise(4096, 7)], []],
    ['http-request', [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')], []],
    ['tls-client-hello', [Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc])], []],
    ['end-block-alone', [Buffer.from([FS, CR])], []],
    ['start-blocks-only', [Buffer.from([VT, VT, VT])], []],
    ['half-frame', [Buffer.concat([Buffer.from([VT]), Buffer.from('MSH|^~\\&|HALF|')])], []],
    ['fs-without-cr', [Buffer.concat([Buffer.from([VT]), Buffer.from('MSH|'), Buffer.from([FS])])], []],
    ['megabyte-outside-frames', [Buffer.alloc(1024 * 1024, 'A')], []],
    ['empty-frame', [framed('')], [['AR']]],
    ['only-carriage-returns', [framed('\r\r\r')], [['AR']]],
    ['frame-of-field-separators', [framed(Buffer.alloc(100_000, FS))], [['AR']]],
    ['invalid-utf8', [framed(Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]))], [['AR']]],
    ['utf16-message', [framed(Buffer.from(`\ufeff${adtMessage('F-UTF16')}`, 'utf16le'))], [['AR']]],
    ['oversized-frame', [framed(Buffer.alloc(4 * 1024 * 1024 + 1, 'M'))], [['AR']]],
    ['oversized-message', [framed(`${adtMessage('F-BIG')}\rNTE|1||${'x'.repeat(4 * 1024 * 1024)}`)], [['AR']]],
    ['two-frames-one-write', [Buffer.concat([framed(adtMessage('F-2A')), framed(adtMessage('F-2B'))])], [['AA'], ['AA']]],
    ['one-byte-writes', [...framed(adtMessage('F-BYTES'))].map((b) => Buffer.from([b])), [['AA']]],
    ['garbage-then-frame', [Buffer.concat([noise(512, 3), framed('not hl7')])], [['AR']]],
    ['half-frame-then-close', [Buffer.concat([Buffer.from([VT]), Buffer.from(adtMessage('F-CLOSE').slice(0, 40))])], [], true],
    ['frame-then-close', [framed(adtMessage('F-GONE'))], [], true],
    ['oversized-then-close', [Buffer.concat([Buffer.from([VT]), Buffer.alloc(5 * 1024 * 1024, 'Z')])], [], true],
  ]; // prettier-ignore
  return cases.map(([name, writes, acks, closes]) => ({
    id: `hl7-frame/${name}`,
    group: 'hl7-frame',
    writes,
    acks,
    ...(closes ? { closes } : {}),
  }));
}

/** Whole frames that are not HL7, or HL7 the feed cannot apply: AR or AE, nothing written. */
function messageCases(): Hl7Case[] {
  const valid = adtMessage('M-BASE').split('\r');
  const [msh = '', evn = '', pid = '', pv1 = ''] = valid;
  const withMsh = (replace: (fields: string[]) => void): string => {
    const fields = msh.split('|');
    replace(fields);
    return [fields.join('|'), evn, pid, pv1].join('\r');
  };
  const AR: AckCode[] = ['AR'];
  const AE: AckCode[] = ['AE'];
  const REFUSED: AckCode[] = ['AE', 'AR'];
  const DATA: AckCode[] = ['AA', 'AE'];
  const cases: [string, string, AckCode[]][] = [
    ['not-hl7', 'this is not HL7', AR],
    ['json', '{"resourceType":"Patient"}', AR],
    ['missing-msh', [pid, pv1].join('\r'), AR],
    ['msh-alone', 'MSH', AR],
    ['msh-field-separator-only', 'MSH|', AR],
    ['msh-letter-separator', msh.replaceAll('|', 'A'), AR],
    ['msh-digit-separator', msh.replaceAll('|', '1'), AR],
    ['msh-lowercase', `msh${msh.slice(3)}`, AR],
    ['msh-not-first', [evn, msh, pid, pv1].join('\r'), AR],
    ['encoding-characters-missing', `MSH|||${msh.split('|').slice(2).join('|')}`, REFUSED],
    ['encoding-characters-repeated', withMsh((f) => (f[1] = '^^^^')), REFUSED],
    ['encoding-characters-letters', withMsh((f) => (f[1] = 'abcd')), REFUSED],
    ['encoding-characters-too-many', withMsh((f) => (f[1] = '^~\\&#$%')), REFUSED],
    ['no-message-type', withMsh((f) => (f[8] = '')), REFUSED],
    ['message-type-oru', withMsh((f) => (f[8] = 'ORU^R01')), AE],
    ['unknown-event', withMsh((f) => (f[8] = 'ADT^Z99')), AE],
    // The trigger event may come from EVN-1 instead (HL7 v2.3): applied, or refused if unclear.
    ['type-without-event', withMsh((f) => (f[8] = 'ADT')), DATA],
    ['no-control-id', withMsh((f) => (f[9] = '')), REFUSED],
    ['unknown-version', withMsh((f) => (f[11] = '9.9')), AE],
    ['no-version', withMsh((f) => (f[11] = '')), REFUSED],
    ['version-garbage', withMsh((f) => (f[11] = 'v'.repeat(1000))), REFUSED],
    ['msh-only-fields', withMsh((f) => f.splice(3)), REFUSED],
    ['no-pid', [msh.replace('M-BASE', 'M-NOPID'), evn, pv1].join('\r'), AE],
    ['no-pv1', [msh.replace('M-BASE', 'M-NOPV1'), evn, pid].join('\r'), AE],
    ['lowercase-segment', [msh, evn, pid.toLowerCase(), pv1].join('\r'), AR],
    ['segment-name-too-short', [msh, evn, 'PI|1', pid, pv1].join('\r'), AR],
    ['escape-control-character', [msh, evn, pid.replace('Kenji', 'Ken\u001bji'), pv1].join('\r'), AR],
    ['nul-in-field', [msh, evn, pid.replace('Kenji', 'Ken\u0000ji'), pv1].join('\r'), AR],
    // Someone nobody knows (unlike the corpus's other people, who match one another closely
    // enough to be held for review): there is no admission to cancel.
    ['unknown-stay-cancelled', withMsh((f) => (f[8] = 'ADT^A11')).replace('Kenji||19550101|M|||2 High St^^Boston^MA^02118', 'Zed||19010101|F|||9 Low St^^Nowhere^MA^99999'), AE],
    ['ten-thousand-identifiers', [withMsh((f) => (f[9] = 'M-IDS')).split('\r')[0], evn, pid.replace('HC-MRN-M-BASE^^^CITYHOSP^MR', Array.from({ length: 10_000 }, (_, i) => `ID${i}^^^CITYHOSP^MR`).join('~')), pv1].join('\r'), AE],
    ['hundred-thousand-segments', [withMsh((f) => (f[9] = 'M-SEGS')), ...Array.from({ length: 100_000 }, () => 'NTE|1||x')].join('\r'), DATA],
    ['megabyte-name', adtMessage('M-LONG', { family: 'N'.repeat(1024 * 1024) }), DATA],
    ['impossible-birth-date', adtMessage('M-FEB30').replace('19550101', '19550230'), DATA],
    ['garbage-birth-date', adtMessage('M-BDAY').replace('19550101', 'yesterday'), DATA],
    ['garbage-admit-time', adtMessage('M-ADMIT').replace('20261201080000', 'notadate'), DATA],
    ['unknown-sex', adtMessage('M-SEX').replace('|M|||', '|ROBOT|||'), DATA],
    ['bad-escape-sequences', adtMessage('M-ESC', { family: '\\Z\\\\X0\\\\H\\x\\' }), DATA],
    ['ten-thousand-components', adtMessage('M-COMP', { family: '^'.repeat(10_000) }), DATA],
    ['ten-thousand-subcomponents', adtMessage('M-SUB', { family: '&'.repeat(10_000) }), DATA],
    ['ten-thousand-repetitions', adtMessage('M-REP', { family: '~'.repeat(10_000) }), DATA],
  ]; // prettier-ignore
  // A control id of its own for every case: the feed answers a redelivery of a known sender and
  // control id AA without looking further (idempotency), which would hide what the case tests.
  return cases.map(([name, text, codes]) => ({
    id: `hl7-message/${name}`,
    group: 'hl7-message',
    writes: [framed(text.replaceAll('M-BASE', `M-${name}`))],
    acks: [codes],
  }));
}

/**
 * Injection, script, path traversal, HL7 delimiters and backtracking shapes in the fields the
 * feed reads (name, identifiers, address, the control id and the sender): an ACK every time —
 * stored as text (`AA`), refused as invalid (`AE`) or not understood (`AR`: a CR/LF in the value
 * starts a segment that is no segment) — and the listener keeps serving.
 */
function injectionCases(): Hl7Case[] {
  const out: Hl7Case[] = [];
  const fields: [Field, readonly string[]][] = [
    ['family', [...INJECTION, ...BACKTRACKING]],
    ['mrn', [...INJECTION, ...BACKTRACKING]],
    ['visit', INJECTION],
    ['city', INJECTION],
    ['controlId', [...INJECTION, ...BACKTRACKING]],
    ['sender', INJECTION],
  ];
  for (const [field, values] of fields) {
    values.forEach((value, i) =>
      out.push({
        id: `hl7-injection/${field}/${i}`,
        group: 'hl7-injection',
        writes: [framed(adtMessage(`I-${field}-${i}`, { [field]: value }))],
        acks: [['AA', 'AE', 'AR']],
      }),
    );
  }
  return out;
}

/** Every HL7 v2 / MLLP case, in a fixed order. */
export function hl7Cases(): Hl7Case[] {
  return [...frameCases(), ...messageCases(), ...injectionCases()];
}
