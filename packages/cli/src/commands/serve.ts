import { parseCorsOrigins, startServer, type TlsFiles } from '@careweave/server';
import { readFileSync, statSync } from 'node:fs';
import { databaseOptions, VERSION, type DatabaseFlags } from '../options.js';

export interface ServeFlags extends DatabaseFlags {
  port: string;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  /** `--mllp-port` (or `CAREWEAVE_MLLP_PORT`): the HL7 v2 MLLP listener's port. */
  mllpPort?: string | undefined;
  /** `--cors-origins` (or `CAREWEAVE_CORS_ORIGINS`): comma-separated origins, or `*` (the default). */
  corsOrigins?: string | undefined;
}

/**
 * `--tls-cert`/`--tls-key`: PEM files to serve HTTPS with (both or neither). Read once at start;
 * a key file others may read is refused, like the signing key's.
 */
export function tlsFiles(flags: Pick<ServeFlags, 'tlsCert' | 'tlsKey'>): TlsFiles | undefined {
  if (!flags.tlsCert && !flags.tlsKey) {
    return undefined;
  }
  if (!flags.tlsCert || !flags.tlsKey) {
    throw new Error('Give both --tls-cert and --tls-key (PEM files), or neither');
  }
  const mode = statSync(flags.tlsKey).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(
      `${flags.tlsKey} has mode ${mode.toString(8)}: others may read the TLS private key (fix: chmod 600 ${flags.tlsKey})`,
    );
  }
  return { cert: readFileSync(flags.tlsCert), key: readFileSync(flags.tlsKey) };
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
    tls: tlsFiles(flags),
    corsOrigins: parseCorsOrigins(flags.corsOrigins),
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
