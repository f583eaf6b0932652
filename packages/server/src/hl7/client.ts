import { Hl7Message } from '@medplum/core';
import { connect, type Socket } from 'node:net';
import { frame, MllpDecoder } from './mllp.js';

/**
 * An MLLP sender: one connection, one message at a time, each answered by its ACK (the way HL7
 * v2 senders work, and what `careweave hl7 send` and the benchmarks use).
 */
export class MllpClient {
  private readonly decoder = new MllpDecoder();
  private waiting: { resolve(ack: string): void; reject(err: Error): void } | undefined;
  private closedError: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      for (const item of this.decoder.push(data)) {
        const waiting = this.waiting;
        this.waiting = undefined;
        if (item.kind === 'message') waiting?.resolve(item.bytes.toString('utf8'));
        else waiting?.reject(new Error('The ACK was larger than a frame may be'));
      }
    });
    const fail = (err: Error): void => {
      this.closedError = err;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('The connection closed before the ACK came')));
  }

  static connect(host: string, port: number, timeoutMs = 30_000): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new MllpClient(socket, timeoutMs));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one message (segments separated by CR) and resolves with the ACK's text. */
  send(message: string): Promise<string> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.waiting) return Promise.reject(new Error('One message at a time: await the ACK'));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`No ACK within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting = {
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.socket.write(frame(message));
    });
  }

  /** Writes raw bytes (tests: garbage, half frames). */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.end(() => resolve());
      this.socket.destroy();
    });
  }
}

/** MSA-1 of an ACK (AA, AE, AR, or the commit codes), undefined when it is not an ACK. */
export function ackCodeOf(ack: string): string | undefined {
  try {
    return (
      Hl7Message.parse(ack.replace(/^\uFEFF/, ''))
        .getSegment('MSA')
        ?.getComponent(1, 1) || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * The messages of a file: one, or several separated by blank lines (a line starting with MSH
 * also starts a new one); a leading BOM is dropped and segments are joined with CR, as MLLP
 * senders send them.
 */
export function splitMessages(text: string): string[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '\n')
    .split('\n');
  const messages: string[][] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) messages.push(current);
    current = [];
  };
  for (const line of lines) {
    if (line.trim() === '') flush();
    else {
      if (/^\uFEFF?MSH/.test(line) && current.length > 0) flush();
      current.push(line.replace(/^\uFEFF/, ''));
    }
  }
  flush();
  return messages.map((m) => m.join('\r'));
}

/** MSH-10 of a message, or undefined when it has none (or is not HL7). */
export function controlIdOf(message: string): string | undefined {
  try {
    return Hl7Message.parse(message).header.getComponent(10, 1) || undefined;
  } catch {
    return undefined;
  }
}
