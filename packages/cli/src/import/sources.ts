import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** A file the importer will read. */
export interface SourceFile {
  path: string;
  kind: 'json' | 'ndjson';
  bytes: number;
}

/**
 * Expands the command-line paths into the FHIR files to import: `.json` and `.ndjson` files,
 * directories walked recursively (in name order, so runs are reproducible). Anything else in a
 * directory (e.g. a generator's `truth.csv`) is skipped.
 */
export function listSources(paths: readonly string[]): SourceFile[] {
  const out: SourceFile[] = [];
  const visit = (path: string, explicit: boolean): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        visit(join(path, name), false);
      }
      return;
    }
    const kind = path.endsWith('.ndjson') ? 'ndjson' : path.endsWith('.json') ? 'json' : undefined;
    if (kind) {
      out.push({ path, kind, bytes: stat.size });
    } else if (explicit) {
      throw new Error(`${path}: not a .json or .ndjson file`);
    }
  };
  for (const p of paths) {
    visit(resolve(p), true);
  }
  return out;
}

/** Reads an NDJSON file line by line (constant memory), yielding parsed objects with their line number. */
export async function* readNdjson(path: string): AsyncGenerator<{ line: number; value: unknown }> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') {
      continue;
    }
    try {
      yield { line, value: JSON.parse(text) as unknown };
    } catch (err) {
      throw new Error(`line ${line}: invalid JSON (${(err as Error).message})`, { cause: err });
    }
  }
}

/** The non-blank lines of an NDJSON file, unparsed, with their line numbers (constant memory). */
export async function* readNdjsonLines(
  path: string,
): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() !== '') {
      yield { line, text };
    }
  }
}
