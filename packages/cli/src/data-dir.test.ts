import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  existingDatabaseDir,
  existingKeyDir,
  inspectDataDir,
  setUpDatabaseDir,
} from './data-dir.js';

let root: string;
const at = (...parts: string[]): string => join(root, ...parts);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'careweave-datadir-'));
  mkdirSync(at('server', 'pgdata'), { recursive: true });
  mkdirSync(at('server', 'keys'), { recursive: true });
  writeFileSync(at('server', 'keys', 'signing-key.json'), '{}');
  mkdirSync(at('demo', 'db', 'pgdata'), { recursive: true });
  mkdirSync(at('demo', 'db', 'keys'), { recursive: true });
  writeFileSync(at('demo', 'db', 'keys', 'signing-key.json'), '{}');
  writeFileSync(at('demo', 'demo-ready.json'), '{}');
  mkdirSync(at('half-demo', 'generated'), { recursive: true });
  mkdirSync(at('migrated', 'pgdata'), { recursive: true });
  mkdirSync(at('empty'));
  mkdirSync(at('home', 'Documents'), { recursive: true });
  writeFileSync(at('home', 'notes.txt'), 'x');
  delete process.env['CAREWEAVE_KEY_DIR'];
  delete process.env['CAREWEAVE_DATA_DIR'];
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('data directories: the one serve was given and the one demo was given both work', () => {
  it('tells a server directory, a demo directory, a new one and a stranger apart', () => {
    expect(inspectDataDir(at('server'))).toMatchObject({ kind: 'server', dbDir: at('server') });
    expect(inspectDataDir(at('demo'))).toMatchObject({ kind: 'demo', dbDir: at('demo', 'db') });
    expect(inspectDataDir(at('half-demo'))).toMatchObject({ kind: 'demo', hasDatabase: false });
    expect(inspectDataDir(at('empty'))).toMatchObject({ kind: 'new', exists: true });
    expect(inspectDataDir(at('nowhere'))).toMatchObject({ kind: 'new', exists: false });
    expect(inspectDataDir(at('home'))).toEqual({
      kind: 'foreign',
      root: at('home'),
      found: ['Documents/', 'notes.txt'],
    });
  });

  it('finds the database and the key of a demo directory under db/', () => {
    expect(existingDatabaseDir(at('demo'))).toBe(at('demo', 'db'));
    expect(existingDatabaseDir(at('demo', 'db'))).toBe(at('demo', 'db'));
    expect(existingKeyDir(at('demo'), undefined)).toBe(at('demo', 'db', 'keys'));
    expect(existingKeyDir(at('server'), undefined)).toBe(at('server', 'keys'));
  });

  it('refuses, naming what it expected and what it found', () => {
    expect(() => existingDatabaseDir(at('home'))).toThrow(
      new RegExp(
        `holds no Careweave database: expected ${at('home', 'pgdata')} .* or ${at('home', 'db', 'pgdata')} .* but it holds Documents/, notes.txt`,
      ),
    );
    expect(() => existingDatabaseDir(at('nowhere'))).toThrow(/but it does not exist/);
    expect(() => existingKeyDir(at('empty'), undefined)).toThrow(
      /holds no Careweave database or key: .* but it is empty/,
    );
    // A database without a key yet: token never creates one, it says who does.
    expect(() => existingKeyDir(at('migrated'), undefined)).toThrow(
      /holds no signing key: expected .*signing-key\.json.*`careweave serve`, `careweave migrate` and `careweave demo` create it/,
    );
    expect(() => setUpDatabaseDir(at('home'))).toThrow(/is not a Careweave data directory/);
  });

  it('lets serve and migrate set up a new or empty directory', () => {
    expect(setUpDatabaseDir(at('nowhere'))).toBe(at('nowhere'));
    expect(setUpDatabaseDir(at('empty'))).toBe(at('empty'));
    expect(setUpDatabaseDir(at('demo'))).toBe(at('demo', 'db'));
  });
});
