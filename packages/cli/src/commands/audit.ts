import { openDatabase, verifyAuditChain } from '@careweave/store';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';

/**
 * `careweave audit verify`: walks the tamper-evident audit chain (each AuditEvent carries the
 * hash of the one before it) and names the first broken link. Exit 0 when intact, 1 otherwise.
 * It opens the database, so for an embedded data directory the server must be stopped first.
 */
export async function auditVerifyCommand(flags: DatabaseFlags): Promise<void> {
  const db = await openDatabase(databaseOptions(flags));
  let report;
  try {
    report = await verifyAuditChain(db);
  } finally {
    await db.close();
  }
  if (report.broken) {
    fail(
      `audit chain broken at link ${report.broken.seq} (AuditEvent/${report.broken.auditId}): ${report.broken.reason}. ` +
        `${report.checked - 1} link(s) before it are intact.`,
    );
  }
  process.stdout.write(
    `Audit chain intact: ${report.checked} AuditEvent(s) checked; newest link ${report.head}\n` +
      'Keep that hash somewhere else (a ticket, an e-mail): a later verify must still reach it.\n',
  );
}
