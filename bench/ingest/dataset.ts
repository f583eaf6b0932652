import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A generated data set: transaction Bundles in `dir`, and what they hold. */
export interface Dataset {
  dir: string;
  files: string[];
  copies: number;
  /** Bundle entries in all files (what the importer reports as resources processed). */
  entries: number;
  /** Distinct resources (shared Organizations/Practitioners appear in several bundles of one copy). */
  distinct: number;
  bytes: number;
}

/** A fresh, deterministic uuid for `uuid` in copy `copy` (name-based, like uuid v5). */
export function copyUuid(copy: number, uuid: string): string {
  const h = createHash('sha1').update(`careweave-bench:${copy}:${uuid}`).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Source {
  name: string;
  text: string;
  entries: number;
  fullUrls: string[];
}

function readSources(sourceDir: string): Source[] {
  return readdirSync(sourceDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(sourceDir, name), 'utf8');
      const bundle = JSON.parse(text) as { entry?: { fullUrl?: string }[] };
      const entries = bundle.entry ?? [];
      return { name, text, entries: entries.length, fullUrls: entries.map((e) => e.fullUrl ?? '') };
    });
}

/**
 * Repeats the Synthea transaction Bundles of `sourceDir` until about `target` entries, each copy
 * with fresh deterministic uuids: every uuid in the text (fullUrls, ids, `urn:uuid:` references,
 * the Synthea identifier) is replaced by `copyUuid(copy, uuid)`, so references stay consistent
 * within a copy and copies never collide. Reuses `outDir` when it already holds the same set.
 */
export function buildDataset(sourceDir: string, outDir: string, target: number): Dataset {
  const sources = readSources(sourceDir);
  const perCopy = sources.reduce((n, s) => n + s.entries, 0);
  const copies = Math.max(1, Math.round(target / perCopy));
  const distinctPerCopy = new Set(sources.flatMap((s) => s.fullUrls)).size;
  const stamp = createHash('sha1')
    .update(sources.map((s) => `${s.name}:${s.text.length}`).join('|'))
    .update(`:${copies}:v1`)
    .digest('hex');
  const stampFile = join(outDir, '.stamp');
  const names: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const s of sources) {
      names.push(join(outDir, `c${String(c).padStart(4, '0')}_${s.name}`));
    }
  }
  const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0) * copies;
  const dataset: Dataset = {
    dir: outDir,
    files: names,
    copies,
    entries: perCopy * copies,
    distinct: distinctPerCopy * copies,
    bytes,
  };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return dataset;
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  let i = 0;
  for (let c = 0; c < copies; c++) {
    const cache = new Map<string, string>();
    const map = (u: string): string => {
      let v = cache.get(u);
      if (v === undefined) {
        v = copyUuid(c, u);
        cache.set(u, v);
      }
      return v;
    };
    for (const s of sources) {
      writeFileSync(names[i++] as string, s.text.replace(UUID, map));
    }
  }
  writeFileSync(stampFile, stamp);
  return dataset;
}
