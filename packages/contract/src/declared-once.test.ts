import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every shape the contract declares is declared only here: a package that needs one imports (and
// may re-export) it, never declares a type or interface of the same name again, so the server and
// the web app cannot drift apart behind the same name.

const packages = new URL('../../', import.meta.url).pathname;
const CONSUMERS = ['care', 'server', 'web', 'store', 'cli'];
/** A type or interface declaration (exported or not; `export type { X }` re-exports are not). */
const DECLARATION = /^\s*(?:export\s+)?(?:interface|type)\s+(\w+)\b(?!\s*,)/gm;

function declaredIn(text: string): string[] {
  return [...text.matchAll(DECLARATION)].map((m) => m[1] as string);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** `export interface X` / `export type X =` names of the contract. */
function contractNames(): Set<string> {
  const names = new Set<string>();
  for (const file of sources(join(packages, 'contract/src'))) {
    if (file.endsWith('.test.ts')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/^export (?:interface|type) (\w+)/gm)) {
      names.add(m[1] as string);
    }
  }
  return names;
}

/** Declarations (`interface X`, `type X =`, exported or not) of contract names outside it. */
function redeclarations(names: Set<string>): string[] {
  const found: string[] = [];
  for (const pkg of CONSUMERS) {
    for (const file of sources(join(packages, pkg, 'src'))) {
      for (const name of declaredIn(readFileSync(file, 'utf8'))) {
        if (names.has(name)) found.push(`${relative(packages, file)}: ${name}`);
      }
    }
  }
  return found;
}

describe('the contract', () => {
  it('declares its shapes once: no other package declares a type or interface of the same name', () => {
    const names = contractNames();
    expect(names.size).toBeGreaterThan(50);
    expect(redeclarations(names)).toEqual([]);
  });

  it('recognises a declaration and not a re-export or an import', () => {
    const text = [
      'export interface Worklist {',
      '  type Inner = string;',
      'type Local = number;',
      "export type { Caseload } from '@careweave/contract';",
      "import type { PlanView } from '@careweave/contract';",
    ].join('\n');
    expect(declaredIn(text)).toEqual(['Worklist', 'Inner', 'Local']);
  });
});
