import type { AdtFeed } from '@careweave/care';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { frame, MllpDecoder } from './mllp.js';

/** Options of the MLLP listener. */
export interface MllpListenerOptions {
  feed: AdtFeed;
  port: number;
  /** The bind address (the HTTP server's `--host`). */
  host: string;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'> | undefined;
  /** Close connections silent for this long (default 10 minutes): half-open peers cannot pile up. */
  idleTimeoutMs?: number;
  maxFrameBytes?: number;
}

export interface MllpListener {
  /** The port actually bound (for port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The HL7 v2 listener: our own `net` server (so it binds the address we are given, unlike
 * `Hl7Server.start`, which binds every interface), MLLP framing, and the feed. Messages on one
 * connection are handled one after another and acknowledged in order, each ACK written only
 * after the feed has committed the message; connections are independent, so one slow or broken
 * sender never holds up another.
 */
export async function startMllpListener(options: MllpListenerOptions): Promise<MllpListener> {
  const { feed, logger } = options;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const decoder = new MllpDecoder(
      options.maxFrameBytes ? { maxFrameBytes: options.maxFrameBytes } : {},
    );
    let queue: Promise<void> = Promise.resolve();
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs ?? 600_000, () => socket.destroy());
    socket.on('error', (err) => logger?.warn({ err }, 'MLLP connection error'));
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (data: Buffer) => {
      for (const item of decoder.push(data)) {
        queue = queue.then(async () => {
          try {
            const result =
              item.kind === 'message'
                ? await feed.receive(new TextDecoder('utf-8').decode(item.bytes))
                : await feed.reject(
                    `The frame is larger than the listener accepts (${decoder.maxFrameBytes} bytes)`,
                  );
            if (!socket.destroyed) socket.write(frame(result.ack));
          } catch (err) {
            // The feed answers every message itself; this is a bug or a closed database.
            logger?.error({ err }, 'MLLP message handling failed');
          }
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger?.error({ err }, 'MLLP listener error'));
  const port = (server.address() as AddressInfo).port;
  logger?.info({ mllp: { host: options.host, port } }, 'HL7 v2 MLLP listener started');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
