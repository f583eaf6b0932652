import { ensureAgentDevices } from '@careweave/care';
import { wireAccess } from '@careweave/server';
import { migrate, openDatabase } from '@careweave/store';
import { importFiles } from '../import/importer.js';
import { listSources } from '../import/sources.js';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';
import { createProgress } from '../progress.js';

/**
 * `careweave import PATH...`: FHIR JSON, Bundles and NDJSON files or directories of them, with a
 * progress bar. Broken files are listed at the end; the command then exits 1.
 */
export async function importCommand(paths: string[], flags: DatabaseFlags): Promise<void> {
  let files;
  try {
    files = listSources(paths);
  } catch (err) {
    fail((err as Error).message);
  }
  const db = await openDatabase(databaseOptions(flags));
  try {
    await migrate(db);
    const { repo } = wireAccess(db); // imports take the one write path: validation, labels, ownership, care rules
    await ensureAgentDevices(repo);
    const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
    const progress = createProgress('Importing', totalBytes, 'bytes');
    const started = Date.now();
    let resources = 0;
    const report = await importFiles(repo, files, {
      onProgress: (n, bytes) => {
        resources = n;
        progress.update(bytes, { resources: n });
      },
    });
    progress.stop();
    await db.exec('ANALYZE'); // PGlite never autovacuums: fresh statistics keep indexes in use
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `Imported ${report.resources.toLocaleString('en-US')} resources from ${report.files} of ${files.length} files in ${seconds.toFixed(1)} s (${Math.round(resources / Math.max(seconds, 0.001)).toLocaleString('en-US')} resources/s)\n`,
    );
    if (report.failures.length > 0) {
      process.stderr.write(`${report.failures.length} failed:\n`);
      for (const f of report.failures) {
        process.stderr.write(`  ${f.file}: ${f.reason}\n`);
      }
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}
