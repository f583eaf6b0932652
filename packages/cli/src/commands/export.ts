import { createAccessService } from '@careweave/care';
import {
  countByType,
  exportResources,
  migrate,
  openDatabase,
  Repository,
  SYSTEM_CONTEXT,
} from '@careweave/store';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { databaseOptions, type DatabaseFlags } from '../options.js';
import { createProgress } from '../progress.js';

export interface ExportFlags extends DatabaseFlags {
  type?: string[];
  out: string;
  since?: string;
}

/**
 * `careweave export`: one NDJSON file per resource type (the FHIR Bulk Data output shape),
 * streamed with keyset paging so memory stays flat, with progress.
 */
export async function exportCommand(flags: ExportFlags): Promise<void> {
  const out = resolve(flags.out);
  mkdirSync(out, { recursive: true });
  const db = await openDatabase(databaseOptions(flags));
  try {
    const types = flags.type?.flatMap((t) => t.split(',')).filter(Boolean);
    const counts = await countByType(db, SYSTEM_CONTEXT.scope, types);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const progress = createProgress('Exporting', total);
    const streams = new Map<string, WriteStream>();
    let done = 0;
    for await (const { resourceType, json } of exportResources(db, SYSTEM_CONTEXT.scope, {
      types: [...counts.keys()],
      ...(flags.since ? { since: flags.since } : {}),
    })) {
      let stream = streams.get(resourceType);
      if (!stream) {
        stream = createWriteStream(join(out, `${resourceType}.ndjson`));
        streams.set(resourceType, stream);
      }
      if (!stream.write(`${json}\n`)) {
        await once(stream, 'drain');
      }
      if (++done % 1000 === 0) {
        progress.update(done);
      }
    }
    progress.update(done);
    progress.stop();
    await Promise.all([...streams.values()].map((s) => new Promise((r) => s.end(r))));
    // Every export is audited, whoever runs it: one AuditEvent naming the query.
    await migrate(db);
    await createAccessService(new Repository(db)).audit.recordAccess({
      ctx: SYSTEM_CONTEXT,
      action: 'export',
      query: new URLSearchParams([
        ...(types ? [['_type', types.join(',')] as [string, string]] : []),
        ...(flags.since ? [['_since', flags.since] as [string, string]] : []),
      ]).toString(),
      status: 200,
    });
    for (const [type, n] of counts) {
      process.stdout.write(`${type}\t${n}\t${join(out, `${type}.ndjson`)}\n`);
    }
  } finally {
    await db.close();
  }
}
