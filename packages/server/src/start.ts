import { migrate, openDatabase, Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './app.js';

export interface ServerOptions {
  port: number;
  host: string;
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  version: string;
  logLevel?: string;
  publicBaseUrl?: string | undefined;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the database (locking an embedded data directory), applies migrations, and listens.
 * `/healthz` answers 200 only after all of that, so a caller can wait on it.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = pino({ level: options.logLevel ?? process.env['LOG_LEVEL'] ?? 'info' });
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    const result = await migrate(db);
    if (result.applied.length > 0) {
      logger.info({ applied: result.applied }, 'migrations applied');
    }
    const repo = new Repository(db);
    const app = await buildApp({ db, repo, version: options.version, logger, ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}) });
    await app.listen({ port: options.port, host: options.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    return {
      app,
      url,
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
