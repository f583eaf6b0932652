import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../testing/live-server.js';

/** A self-signed certificate for 127.0.0.1, made for this test with openssl. */
function selfSignedCertificate(dir: string): { cert: Buffer; key: Buffer } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

function get(
  url: string,
  ca: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `careweave serve --tls-cert --tls-key`: HTTPS, with HSTS on every answer. */
describe('serving over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'careweave-tls-'));
  const tls = selfSignedCertificate(dir);
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer('pglite', { tls });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers over HTTPS with Strict-Transport-Security, and sets no cookie', async () => {
    const origin = server.origin.replace('http:', 'https:');
    for (const path of ['/healthz', '/fhir/R4/Patient', '/.well-known/jwks.json']) {
      const answer = await get(`${origin}${path}`, tls.cert);
      expect(answer.status, path).toBeLessThan(500);
      expect(answer.headers['strict-transport-security'], path).toMatch(/max-age=31536000/);
      expect(answer.headers['set-cookie'], path).toBeUndefined();
    }
    await expect(fetch(`${server.origin}/healthz`)).rejects.toThrow(); // no plain HTTP on that port
  });
});
