import { connect, type Socket } from 'node:net';
import { ackCodeOf } from '../../hl7/client.js';
import { frame, MllpDecoder } from '../../hl7/mllp.js';
import { adtMessage, type Hl7Case } from './hl7.js';

/** What one HL7 case got: the ACK codes in order (`?` for an answer that is no ACK). */
export interface Hl7Answer {
  acks: string[];
  /** The ACK of the valid message sent afterwards (undefined: none came). */
  probe: string | undefined;
  error?: string;
}

/** A connection that collects the ACK frames the listener sends back. */
function open(port: number): Promise<{ socket: Socket; next: () => Promise<string | undefined> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const decoder = new MllpDecoder();
    const received: string[] = [];
    let waiter: ((ack: string | undefined) => void) | undefined;
    let closed = false;
    const deliver = (): void => {
      if (!waiter) return;
      if (received.length > 0) {
        const w = waiter;
        waiter = undefined;
        w(received.shift());
      } else if (closed) {
        const w = waiter;
        waiter = undefined;
        w(undefined);
      }
    };
    socket.on('data', (data: Buffer) => {
      for (const item of decoder.push(data)) {
        received.push(
          item.kind === 'message' ? (ackCodeOf(item.bytes.toString('utf8')) ?? '?') : '?',
        );
      }
      deliver();
    });
    socket.on('close', () => {
      closed = true;
      deliver();
    });
    socket.on('error', () => undefined); // the listener may drop a hostile peer: seen as a close
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve({
        socket,
        next: () =>
          new Promise((done) => {
            waiter = done;
            deliver();
          }),
      });
    });
    socket.once('error', reject);
  });
}

function write(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.write(bytes, () => resolve());
  });
}

/**
 * Plays one case against the listener on `port`: its writes on a fresh connection, the ACKs it
 * must get, then a valid message (on the same connection, or a new one when the case closes its
 * own) whose ACK shows the listener still serves.
 */
export async function exchange(port: number, c: Hl7Case): Promise<Hl7Answer> {
  const connection = await open(port);
  const acks: string[] = [];
  try {
    for (const bytes of c.writes) await write(connection.socket, bytes);
    if (c.closes) {
      connection.socket.destroy();
      const fresh = await open(port);
      try {
        await write(fresh.socket, frame(adtMessage(`P-${c.id}`)));
        return { acks, probe: await fresh.next() };
      } finally {
        fresh.socket.destroy();
      }
    }
    for (let i = 0; i < c.acks.length; i++) {
      const ack = await connection.next();
      if (ack === undefined) return { acks, probe: undefined, error: 'the connection closed' };
      acks.push(ack);
    }
    await write(connection.socket, frame(adtMessage(`P-${c.id}`)));
    return { acks, probe: await connection.next() };
  } finally {
    connection.socket.destroy();
  }
}
