import {
  ADMIN_SCOPE,
  keyDirFor,
  loadOrCreateSigningKeys,
  mintAccessToken,
  resolveWebDist,
  type SystemStatus,
} from '@careweave/server';
import { migrationStatus, openDatabase, readDataDirLock, type DataDirLock } from '@careweave/store';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loopbackUrl } from '../admin-gateway.js';
import { describeFound, givenDataDir, inspectDataDir } from '../data-dir.js';
import { VERSION, type DatabaseFlags } from '../options.js';

export interface DoctorFlags extends DatabaseFlags {
  port: string;
  host: string;
}

/** One finding: fine, worth knowing, or a problem to fix. */
interface Finding {
  level: 'ok' | 'warn' | 'fail';
  what: string;
  fix?: string;
}

/** The Node.js the project supports (package.json "engines": ">=20.19"). */
const MIN_NODE: readonly [number, number] = [20, 19];

function checkNode(): Finding {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? {
        level: 'ok',
        what: `Node.js ${process.versions.node} (needs ${MIN_NODE.join('.')} or newer)`,
      }
    : {
        level: 'fail',
        what: `Node.js ${process.versions.node} is too old (needs ${MIN_NODE.join('.')} or newer)`,
        fix: 'install Node.js 20.19+ (or 22, 24) and run npm install again',
      };
}

function checkBuild(): Finding {
  const web = resolveWebDist();
  return web
    ? { level: 'ok', what: `Built: the command, the server and the web app (${web})` }
    : {
        level: 'fail',
        what: 'The web app is not built (packages/web/dist/index.html is missing): the server would serve no workspace at /',
        fix: 'run `npm run build` in the repository',
      };
}

/** Files or directories anyone may write (at most `limit` looked at). */
function worldWritable(dir: string, limit = 20_000): string[] {
  const found: string[] = [];
  const stack = [dir];
  let seen = 0;
  while (stack.length > 0 && seen < limit) {
    const current = stack.pop() as string;
    let entries: string[];
    try {
      entries = readdirSync(current);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(current, entry);
      seen++;
      try {
        const stat = statSync(path);
        if (stat.mode & 0o002) found.push(path);
        if (stat.isDirectory()) stack.push(path);
      } catch {
        // vanished while we looked
      }
    }
  }
  return found;
}

function checkDataDir(flag: string | undefined): { findings: Finding[]; dbDir?: string } {
  const layout = inspectDataDir(givenDataDir(flag));
  if (layout.kind === 'foreign') {
    return {
      findings: [
        {
          level: 'fail',
          what: `Data directory ${layout.root} is not Careweave's: ${describeFound(layout)}`,
          fix: 'give --data-dir the directory `careweave serve` or `careweave demo` was given, or an empty or new one',
        },
      ],
    };
  }
  if (layout.kind === 'new') {
    return {
      findings: [
        {
          level: 'warn',
          what: `Data directory ${layout.root}: ${describeFound(layout)}; nothing is set up there yet`,
          fix: `\`careweave serve --data-dir ${layout.root}\` (or \`migrate\`, or \`demo\`) sets it up`,
        },
      ],
    };
  }
  const findings: Finding[] = [];
  findings.push({
    level: layout.hasDatabase ? 'ok' : 'warn',
    what: `Data directory ${layout.root} (${layout.kind === 'demo' ? 'a demo; its database is in db/' : "a server's"}): ${describeFound(layout)}`,
    ...(layout.hasDatabase
      ? {}
      : { fix: `\`careweave migrate --data-dir ${layout.root}\` creates the database` }),
  });
  try {
    accessSync(layout.dbDir, constants.W_OK);
  } catch {
    findings.push({
      level: 'fail',
      what: `${layout.dbDir} is not writable by this user`,
      fix: `run Careweave as the directory's owner, or \`chown -R $(whoami) ${layout.dbDir}\``,
    });
  }
  const open = worldWritable(layout.dbDir);
  if (open.length > 0) {
    findings.push({
      level: 'warn',
      what: `${open.length} file(s) or folder(s) under ${layout.dbDir} can be written by anyone (e.g. ${open[0]})`,
      fix: `chmod -R go-rwx ${layout.dbDir}`,
    });
  }
  return { findings, dbDir: layout.dbDir };
}

function checkKey(keyDir: string): Finding {
  const path = join(keyDir, 'signing-key.json');
  if (!existsSync(path)) {
    return {
      level: 'warn',
      what: `No token signing key yet (${path})`,
      fix: '`careweave serve`, `migrate` or `demo` creates it; `careweave token` needs it',
    };
  }
  const problems: string[] = [];
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) problems.push(`mode ${mode.toString(8)} lets others read it (should be 600)`);
  const dirMode = statSync(keyDir).mode & 0o777;
  if (dirMode & 0o077) problems.push(`its folder has mode ${dirMode.toString(8)} (should be 700)`);
  if (process.getuid && statSync(path).uid !== process.getuid()) {
    problems.push('it belongs to another user');
  }
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      alg?: string;
      privateJwk?: { d?: string };
    };
    if (file.alg !== 'ES256' || !file.privateJwk?.d)
      problems.push('it is not an ES256 signing key');
  } catch (err) {
    problems.push(`it cannot be read (${(err as Error).message})`);
  }
  return problems.length === 0
    ? { level: 'ok', what: `Token signing key ${path} (mode 600)` }
    : {
        level: 'fail',
        what: `Token signing key ${path}: ${problems.join('; ')}`,
        fix: `chmod 700 ${keyDir} && chmod 600 ${path}`,
      };
}

async function checkPort(host: string, port: number, lock?: DataDirLock): Promise<Finding> {
  const result = await new Promise<string>((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve('free')));
  });
  if (result === 'free') {
    return { level: 'ok', what: `Port ${port} on ${host} is free` };
  }
  const ours = lock?.alive && lock.url && new URL(lock.url).port === String(port);
  if (result === 'EADDRINUSE' && ours) {
    return {
      level: 'ok',
      what: `Port ${port} is used by the Careweave server of this data directory (pid ${lock.pid})`,
    };
  }
  return {
    level: 'fail',
    what:
      result === 'EADDRINUSE'
        ? `Port ${port} on ${host} is in use by another program`
        : `Cannot listen on ${host}:${port} (${result})`,
    fix: `start with --port <another port> (e.g. ${port + 1}), or stop what uses it${result === 'EACCES' ? ' (ports below 1024 need privileges)' : ''}`,
  };
}

async function checkRunningServer(lock: DataDirLock, keyDir: string): Promise<Finding[]> {
  const url = lock.url ? loopbackUrl(lock.url) : undefined;
  if (!url) {
    return [
      {
        level: 'warn',
        what: `The data directory is held by pid ${lock.pid}${lock.url ? `, a server at ${lock.url} (not on loopback)` : ' (not a server answering requests: an import or a migration?)'}`,
        fix: 'the database could not be checked while it runs; run doctor again when it has finished',
      },
    ];
  }
  try {
    const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
    if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
    const findings: Finding[] = [
      {
        level: 'ok',
        what: `A Careweave server (pid ${lock.pid}) runs at ${lock.url} and answers /healthz`,
      },
    ];
    if (existsSync(join(keyDir, 'signing-key.json'))) {
      const keys = await loadOrCreateSigningKeys(keyDir);
      const token = await mintAccessToken(
        keys,
        { kind: 'system', sub: 'careweave-doctor', scopes: [ADMIN_SCOPE] },
        60,
      );
      const answer = await fetch(`${url}/api/admin/system`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (answer.status === 401) {
        findings.push({
          level: 'fail',
          what: `The server rejects tokens signed with ${keyDir}/signing-key.json`,
          fix: 'the server uses another key (CAREWEAVE_KEY_DIR?): point CAREWEAVE_KEY_DIR at the key the server uses',
        });
      } else if (answer.ok) {
        const status = (await answer.json()) as SystemStatus;
        findings.push(migrationsFinding(status.migrations.applied, status.migrations.pending));
      }
    }
    return findings;
  } catch (err) {
    return [
      {
        level: 'fail',
        what: `The server holding the data directory (pid ${lock.pid}, ${url}) does not answer: ${(err as Error).message}`,
        fix: `stop pid ${lock.pid} and start \`careweave serve\` again`,
      },
    ];
  }
}

function migrationsFinding(applied: number, pending: readonly string[]): Finding {
  return pending.length === 0
    ? { level: 'ok', what: `Database schema up to date (${applied} migrations)` }
    : {
        level: 'warn',
        what: `${pending.length} migration(s) not applied yet: ${pending.join(', ')}`,
        fix: '`careweave migrate` applies them (the server also does at start)',
      };
}

async function checkDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
}): Promise<Finding[]> {
  const where = options.databaseUrl
    ? `PostgreSQL (${options.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')})`
    : `the embedded database in ${options.dataDir ?? ''}`;
  try {
    const db = await openDatabase(options);
    try {
      await db.query('SELECT 1');
      const status = await migrationStatus(db);
      return [
        { level: 'ok', what: `Reached ${where}` },
        migrationsFinding(status.applied.length, status.pending),
      ];
    } finally {
      await db.close();
    }
  } catch (err) {
    return [
      {
        level: 'fail',
        what: `Cannot reach ${where}: ${(err as Error).message}`,
        fix: options.databaseUrl
          ? 'check DATABASE_URL (host, port, user, database) and that PostgreSQL runs'
          : 'check the directory (permissions, disk space); a damaged database can be restored from a backup',
      },
    ];
  }
}

function print(findings: readonly Finding[]): void {
  const mark = { ok: '✓', warn: '!', fail: '✗' } as const;
  const lines = [`Careweave doctor (${VERSION})`];
  for (const f of findings) {
    lines.push(`  ${mark[f.level]} ${f.what}`);
    if (f.fix && f.level !== 'ok') lines.push(`      fix: ${f.fix}`);
  }
  const failures = findings.filter((f) => f.level === 'fail').length;
  const warnings = findings.filter((f) => f.level === 'warn').length;
  lines.push(
    failures > 0
      ? `${failures} problem(s) to fix${warnings > 0 ? `, ${warnings} thing(s) to know` : ''}.`
      : warnings > 0
        ? `No problems; ${warnings} thing(s) to know.`
        : 'Everything looks right.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * `careweave doctor [--data-dir D] [--port P]`: checks what the first hour trips over — Node
 * version, the build, the data directory, the database and its migrations (asking the running
 * server when one holds the embedded directory), the key file's permissions, the port — and says
 * what to fix. Exits 1 when something must be fixed. Changes nothing.
 */
export async function doctorCommand(flags: DoctorFlags): Promise<void> {
  const findings: Finding[] = [checkNode(), checkBuild()];
  const databaseUrl = process.env['DATABASE_URL'];
  const port = Number(flags.port);
  let lock: DataDirLock | undefined;
  if (databaseUrl) {
    findings.push(...(await checkDatabase({ databaseUrl })));
    findings.push(checkKey(keyDirFor({ databaseUrl })));
  } else {
    const dir = checkDataDir(flags.dataDir);
    findings.push(...dir.findings);
    if (dir.dbDir) {
      const keyDir = keyDirFor({ dataDir: dir.dbDir });
      findings.push(checkKey(keyDir));
      lock = readDataDirLock(dir.dbDir);
      if (lock?.alive) {
        findings.push(...(await checkRunningServer(lock, keyDir)));
      } else if (existsSync(join(dir.dbDir, 'pgdata'))) {
        if (lock) {
          findings.push({
            level: 'warn',
            what: `A lock file from pid ${lock.pid}, which is no longer running, is in ${dir.dbDir}`,
            fix: 'nothing: the next server or command takes it over',
          });
        }
        findings.push(...(await checkDatabase({ dataDir: dir.dbDir })));
      }
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    findings.push({
      level: 'fail',
      what: `--port ${flags.port} is not a port number`,
      fix: 'give 1–65535',
    });
  } else {
    findings.push(await checkPort(flags.host, port, lock));
  }
  print(findings);
  if (findings.some((f) => f.level === 'fail')) {
    process.exitCode = 1;
  }
}
