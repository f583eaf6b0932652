import type { SystemStatus } from '@careweave/contract';
import { migrationStatus, SYSTEM_CONTEXT } from '@careweave/store';
import { resolveWebDist } from '../web/static.js';
import type { AdminDeps } from './users.js';

export type { SystemStatus };

const STARTED = new Date();

/** `GET /api/admin/system`: version, database, migrations, uptime and a few counts. */
export async function systemStatus(deps: AdminDeps, version: string): Promise<SystemStatus> {
  const migrations = await migrationStatus(deps.db);
  const { rows } = await deps.db.query<{
    accounts: number | string;
    enabled: number | string;
    clients: number | string;
  }>(
    `SELECT (SELECT count(*) FROM account) AS accounts,
            (SELECT count(*) FROM account WHERE NOT disabled) AS enabled,
            (SELECT count(*) FROM oauth_client) AS clients`,
  );
  const recent = await deps.repo.search(SYSTEM_CONTEXT, 'AuditEvent', [
    ['date', `ge${new Date(Date.now() - 24 * 3600_000).toISOString()}`],
    ['_summary', 'count'],
  ]);
  const row = rows[0];
  return {
    version,
    node: process.version,
    database: deps.db.kind,
    migrations: {
      applied: migrations.applied.length,
      pending: migrations.pending,
      latest: migrations.applied.at(-1) ?? null,
    },
    startedAt: STARTED.toISOString(),
    uptimeSeconds: Math.round(process.uptime()),
    webApp: resolveWebDist() !== null,
    counts: {
      accounts: Number(row?.accounts ?? 0),
      enabledAccounts: Number(row?.enabled ?? 0),
      clients: Number(row?.clients ?? 0),
      auditEventsLast24h: recent.total ?? 0,
    },
  };
}
