import { startServer } from '@careweave/server';
import { databaseOptions, VERSION, type DatabaseFlags } from '../options.js';

export interface ServeFlags extends DatabaseFlags {
  port: string;
  host: string;
  /** `--mllp-port` (or `CAREWEAVE_MLLP_PORT`): the HL7 v2 MLLP listener's port. */
  mllpPort?: string | undefined;
}

/** The MLLP port from the flag or `CAREWEAVE_MLLP_PORT`; undefined when neither is set. */
export function mllpPortOf(flag: string | undefined): number | undefined {
  const value = flag ?? process.env['CAREWEAVE_MLLP_PORT'];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--mllp-port must be a port number (0-65535), not "${value}"`);
  }
  return port;
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
    mllpPort: mllpPortOf(flags.mllpPort),
    version: VERSION,
    ...databaseOptions(flags, 'set-up'),
    publicBaseUrl: process.env['CAREWEAVE_BASE_URL'],
    trustProxy: trustProxy(process.env['CAREWEAVE_TRUST_PROXY']),
  });
  process.stdout.write(
    `Careweave ${VERSION} listening on ${server.url} (FHIR base ${server.url}/fhir/R4)\n`,
  );
  if (server.mllpPort !== undefined) {
    process.stdout.write(`HL7 v2 MLLP listener on ${flags.host}:${server.mllpPort}\n`);
  }
  const stop = async (): Promise<void> => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
