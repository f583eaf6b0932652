import { startServer } from '@careweave/server';
import { databaseOptions, VERSION, type DatabaseFlags } from '../options.js';

export interface ServeFlags extends DatabaseFlags {
  port: string;
  host: string;
}

/** `CAREWEAVE_TRUST_PROXY`: `true`, or the proxy addresses/CIDRs to trust for X-Forwarded-For (Fastify's trustProxy). */
function trustProxy(value: string | undefined): boolean | string | undefined {
  if (!value) {
    return undefined;
  }
  return value === 'true' ? true : value === 'false' ? false : value;
}

/** `careweave serve`: runs the server until SIGINT/SIGTERM, closing the database cleanly. */
export async function serveCommand(flags: ServeFlags): Promise<void> {
  const server = await startServer({
    port: Number(flags.port),
    host: flags.host,
    version: VERSION,
    ...databaseOptions(flags, 'set-up'),
    publicBaseUrl: process.env['CAREWEAVE_BASE_URL'],
    trustProxy: trustProxy(process.env['CAREWEAVE_TRUST_PROXY']),
  });
  process.stdout.write(
    `Careweave ${VERSION} listening on ${server.url} (FHIR base ${server.url}/fhir/R4)\n`,
  );
  const stop = async (): Promise<void> => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
