/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol, release 2): each message is sent as
 * <VT> message <FS><CR> (0x0B … 0x1C 0x0D). The decoder is fed whatever bytes arrive and hands
 * back whole frames; bytes outside a frame (garbage, a sender that never framed) are counted and
 * dropped, a new <VT> abandons an unfinished frame, and a frame larger than `maxFrameBytes` is
 * dropped — so no input can make it grow without bound or stop it reading.
 */
export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export interface MllpDecoderOptions {
  /** The largest frame accepted (default 4 MiB); a larger one is discarded. */
  maxFrameBytes?: number;
}

/** A whole frame: its payload, or the note that it was too large to keep (answered AR). */
export type MllpFrame = { kind: 'message'; bytes: Buffer } | { kind: 'oversized' };

export class MllpDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  /** The last byte read was an FS: the frame ends if a CR follows, else the FS was content. */
  private pendingFs = false;
  private oversized = false;
  /** Bytes dropped so far (outside frames, abandoned or oversized frames). */
  discarded = 0;
  readonly maxFrameBytes: number;

  constructor(options: MllpDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? 4 * 1024 * 1024;
  }

  /** Feeds bytes; returns the frames they complete (payloads without VT/FS/CR). */
  push(data: Buffer): MllpFrame[] {
    const frames: MllpFrame[] = [];
    let run = 0; // start of the content bytes not yet appended
    for (let i = 0; i < data.length; i++) {
      const byte = data[i];
      if (!this.inFrame) {
        if (byte === VT) this.begin();
        else this.discarded++;
        run = i + 1;
        continue;
      }
      if (this.pendingFs) {
        this.pendingFs = false;
        if (byte === CR) {
          frames.push(this.finish());
          run = i + 1;
          continue;
        }
        this.append(Buffer.from([FS])); // an FS inside the content
        run = i;
      }
      if (byte === FS) {
        this.append(data.subarray(run, i));
        this.pendingFs = true;
        run = i + 1;
      } else if (byte === VT) {
        // A new frame starts before the last one ended: that one was half-sent; drop it.
        this.append(data.subarray(run, i));
        this.discarded += this.size;
        this.begin();
        run = i + 1;
      }
    }
    if (this.inFrame) this.append(data.subarray(run));
    return frames;
  }

  /** Bytes of an unfinished frame held now. */
  get pending(): number {
    return this.inFrame ? this.size : 0;
  }

  private begin(): void {
    this.chunks = [];
    this.size = 0;
    this.inFrame = true;
    this.pendingFs = false;
    this.oversized = false;
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.oversized) {
      this.discarded += bytes.length;
      return;
    }
    if (this.size + bytes.length > this.maxFrameBytes) {
      this.discarded += this.size + bytes.length;
      this.chunks = [];
      this.size = 0;
      this.oversized = true;
      return;
    }
    this.chunks.push(Buffer.from(bytes));
    this.size += bytes.length;
  }

  private finish(): MllpFrame {
    const payload: MllpFrame = this.oversized
      ? { kind: 'oversized' }
      : { kind: 'message', bytes: Buffer.concat(this.chunks, this.size) };
    this.inFrame = false;
    this.chunks = [];
    this.size = 0;
    this.oversized = false;
    return payload;
  }
}

/** Wraps a message in an MLLP frame. */
export function frame(message: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(message, 'utf8'), Buffer.from([FS, CR])]);
}
