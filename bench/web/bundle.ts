import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Sizes of the production build, raw and gzipped (level 9, as a CDN or `@fastify/compress` would). */
export interface BundleSize {
  /** What the login page loads: index.html plus the scripts and styles it references. */
  initial: { raw: number; gzip: number; files: string[] };
  /** Every JS and CSS file of the build (lazy chunks included). */
  total: { raw: number; gzip: number; files: number };
  /** The biggest lazy chunk (the chart library). */
  largestLazy?: { file: string; gzip: number };
}

const gz = (buf: Buffer): number => gzipSync(buf, { level: 9 }).length;

/** Measures `packages/web/dist`: what the first page loads and everything together. */
export function measureBundle(distDir: string): BundleSize {
  const html = readFileSync(join(distDir, 'index.html'));
  const referenced = [
    ...html.toString().matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g),
  ].map((m) => m[1] ?? '');
  const assets = readdirSync(join(distDir, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  let initialRaw = html.length;
  let initialGzip = gz(html);
  for (const file of referenced) {
    const buf = readFileSync(join(distDir, file));
    initialRaw += buf.length;
    initialGzip += gz(buf);
  }
  let raw = 0;
  let gzip = 0;
  let largestLazy: BundleSize['largestLazy'];
  for (const file of assets) {
    const buf = readFileSync(join(distDir, 'assets', file));
    raw += statSync(join(distDir, 'assets', file)).size;
    const g = gz(buf);
    gzip += g;
    if (!referenced.includes(`assets/${file}`) && (!largestLazy || g > largestLazy.gzip)) {
      largestLazy = { file, gzip: g };
    }
  }
  return {
    initial: { raw: initialRaw, gzip: initialGzip, files: referenced },
    total: { raw, gzip, files: assets.length },
    ...(largestLazy ? { largestLazy } : {}),
  };
}
