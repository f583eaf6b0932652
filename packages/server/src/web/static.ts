import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

/** Paths the web app never answers, even for an unknown route under them (they 404 as APIs). */
export const API_PREFIXES: readonly string[] = [
  '/fhir',
  '/auth',
  '/api',
  '/oauth2',
  '/.well-known',
  '/healthz',
  '/metrics',
];

/**
 * The single-page app's Content-Security-Policy: only our own scripts and connections; inline
 * styles are needed by the component library's CSS variables; no framing (clickjacking).
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** The built web app (`@careweave/web`'s `dist`), or null when it is not installed or not built. */
export function resolveWebDist(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('@careweave/web/package.json');
    const dist = join(dirname(pkg), 'dist');
    return existsSync(join(dist, 'index.html')) ? dist : null;
  } catch {
    return null;
  }
}

function isApiPath(path: string): boolean {
  return API_PREFIXES.some(
    (p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`),
  );
}

async function listFiles(root: string): Promise<Set<string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return new Set(
    entries
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/')),
  );
}

/** How often a request for an unknown file may make the server list the built files again. */
const RELIST_MS = 2_000;

/**
 * Serves the web app at `/`: hashed files under `/assets/` cached for a year (immutable), other
 * built files as they are, and `index.html` (never cached, with a CSP) for any other GET that is
 * not an API path, so deep links like `/patients/123` work. Unknown API paths and missing files
 * still get the API's 404. Every route is `access: 'public'` (the app itself holds no data; its
 * API calls carry the bearer token). Returns false, registering nothing, when `distDir` has no
 * `index.html` (e.g. the web package was not built).
 */
export async function registerWebApp(
  app: FastifyInstance,
  distDir: string | null = resolveWebDist(),
  options: { relistMs?: number } = {},
): Promise<boolean> {
  if (!distDir || !existsSync(join(distDir, 'index.html'))) {
    app.log.warn('web app not built (npm run build); serving the APIs only');
    return false;
  }
  let files = await listFiles(distDir);
  let listedAt = Date.now();
  // A rebuild (`npm run build`) beside a running server writes new hashed assets: look again on a
  // miss, at most every few seconds, so the new index.html's chunks are served without a restart.
  const has = async (file: string): Promise<boolean> => {
    if (!files.has(file) && Date.now() - listedAt >= (options.relistMs ?? RELIST_MS)) {
      files = await listFiles(distDir);
      listedAt = Date.now();
    }
    return files.has(file);
  };
  const sendIndex = (reply: FastifyReply): FastifyReply =>
    reply
      .header('Content-Security-Policy', WEB_CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .header('X-Frame-Options', 'DENY')
      .sendFile('index.html', distDir, { maxAge: 0, cacheControl: false })
      .header('Cache-Control', 'no-cache');

  await app.register(async (web) => {
    await web.register(fastifyStatic, { root: distDir, serve: false });
    web.get('/', { config: { access: 'public' } }, (_request, reply) => sendIndex(reply));
    web.get(
      '/*',
      { config: { access: 'public' } },
      async (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
        const path = request.url.split('?')[0] ?? '/';
        if (isApiPath(path)) {
          return reply.callNotFound();
        }
        const file = request.params['*'];
        if (file !== 'index.html' && (await has(file))) {
          const hashed = file.startsWith('assets/');
          return reply
            .header('X-Content-Type-Options', 'nosniff')
            .sendFile(
              file,
              distDir,
              hashed ? { maxAge: 31_536_000_000, immutable: true } : { maxAge: 0 },
            );
        }
        // A missing file (anything with an extension) is a 404, not the app: a stale tab asking for
        // an old chunk must fail visibly instead of parsing HTML as JavaScript.
        if (/\.[a-z0-9]+$/i.test(file)) {
          return reply.callNotFound();
        }
        return sendIndex(reply);
      },
    );
  });
  return true;
}
