import { describe, expect, it } from 'vitest';
import { CR, FS, frame, MllpDecoder, VT, type MllpFrame } from './mllp.js';

const texts = (frames: MllpFrame[]): string[] =>
  frames.map((f) => (f.kind === 'message' ? f.bytes.toString('utf8') : '<oversized>'));

describe('MLLP framing', () => {
  it('hands back whole frames however the bytes are split', () => {
    const bytes = Buffer.concat([frame('MSH|one'), frame('MSH|two')]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const d = new MllpDecoder();
      const got = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))];
      expect(texts(got), `cut at ${cut}`).toEqual(['MSH|one', 'MSH|two']);
    }
  });

  it('drops garbage outside frames, abandons a half-sent frame at the next start byte, keeps an FS inside content', () => {
    const d = new MllpDecoder();
    const got = d.push(
      Buffer.concat([
        Buffer.from('garbage \x00\xff'),
        Buffer.from([VT]),
        Buffer.from('MSH|half'),
        frame('MSH|whole'),
        Buffer.from([VT]),
        Buffer.from('a'),
        Buffer.from([FS]),
        Buffer.from('b'),
        Buffer.from([FS, CR]),
      ]),
    );
    expect(texts(got)).toEqual(['MSH|whole', 'a\x1cb']);
    expect(d.discarded).toBeGreaterThan(8);
    expect(d.pending).toBe(0);
  });

  it('reports a frame larger than allowed instead of holding it', () => {
    const d = new MllpDecoder({ maxFrameBytes: 10 });
    expect(texts(d.push(frame('MSH|this is far too long')))).toEqual(['<oversized>']);
    expect(texts(d.push(frame('MSH|ok')))).toEqual(['MSH|ok']);
  });
});
