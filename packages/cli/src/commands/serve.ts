import { startServer } from '@careweave/server';
import { databaseOptions, VERSION, type DatabaseFlags } from '../options.js';

export interface ServeFlags extends DatabaseFlags {
  port: string;
  host: string;
}

/** `careweave serve`: runs the server until SIGINT/SIGTERM, closing the database cleanly. */
export async function serveCommand(flags: ServeFlags): Promise<void> {
  const server = await startServer({
    port: Number(flags.port),
    host: flags.host,
    version: VERSION,
    ...databaseOptions(flags),
    publicBaseUrl: process.env['CAREWEAVE_BASE_URL'],
  });
  process.stdout.write(`Careweave ${VERSION} listening on ${server.url} (FHIR base ${server.url}/fhir/R4)\n`);
  const stop = async (): Promise<void> => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
