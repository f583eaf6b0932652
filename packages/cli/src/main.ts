#!/usr/bin/env node
import { Command, Option } from 'commander';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { importCommand } from './commands/import.js';
import { migrateCommand } from './commands/migrate.js';
import { serveCommand } from './commands/serve.js';
import { hl7SendCommand } from './commands/hl7-send.js';
import { registerRiskCommands } from './commands/risk.js';
import { registerScoreCommands } from './commands/score.js';
import { registerStratifyCommand } from './commands/stratify.js';
import { registerMeasuresCommand } from './commands/measures.js';
import { registerPaymentCommand } from './commands/payment.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { clientCreateCommand, clientListCommand, clientRevokeCommand } from './commands/client.js';
import { tokenCommand } from './commands/token.js';
import {
  userCreateCommand,
  userListCommand,
  userResetPasswordCommand,
  userSetDisabledCommand,
} from './commands/user.js';
import { doctorCommand } from './commands/doctor.js';
import { auditVerifyCommand } from './commands/audit.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { VERSION } from './options.js';
import { restrictNewFiles } from '@careweave/store';

// Everything a command writes — the database, keys, generated and exported records — is the
// operator's alone (files 0600, folders 0700).
restrictNewFiles();

const dataDir = (): Option =>
  new Option(
    '--data-dir <dir>',
    'embedded database directory (ignored when DATABASE_URL is set)',
  ).env('CAREWEAVE_DATA_DIR');

const program = new Command()
  .name('careweave')
  .description(
    'Careweave, the integrated care platform (FHIR R4). DATABASE_URL=postgres://… selects PostgreSQL; otherwise embedded PGlite.',
  )
  .version(VERSION);

program
  .command('serve')
  .description('start the server')
  .option('--port <port>', 'port to listen on', process.env['PORT'] ?? '8080')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option(
    '--mllp-port <port>',
    'also listen for HL7 v2 messages over MLLP on this port (or CAREWEAVE_MLLP_PORT)',
  )
  .addOption(dataDir())
  .addOption(
    new Option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (chain)').env(
      'CAREWEAVE_TLS_CERT',
    ),
  )
  .addOption(
    new Option('--tls-key <file>', 'the PEM private key of --tls-cert (mode 600)').env(
      'CAREWEAVE_TLS_KEY',
    ),
  )
  .addOption(
    new Option(
      '--cors-origins <origins>',
      'browser origins allowed to call the FHIR API and token endpoints (comma-separated, or * for any: the default)',
    ).env('CAREWEAVE_CORS_ORIGINS'),
  )
  .action(serveCommand);

program
  .command('audit')
  .description('the tamper-evident audit trail')
  .command('verify')
  .description('check the AuditEvent hash chain and name the first broken link (exit 1)')
  .addOption(dataDir())
  .action(auditVerifyCommand);

program
  .command('migrate')
  .description('apply database migrations (safe to run twice)')
  .addOption(dataDir())
  .action(migrateCommand);

program
  .command('import')
  .description('import FHIR JSON, Bundles and NDJSON files or directories of them')
  .argument('<paths...>', 'files or directories')
  .addOption(dataDir())
  .action(importCommand);

program
  .command('export')
  .description('export resources as NDJSON, one file per resource type')
  .option('--type <types...>', 'resource types to export (default: all)')
  .option('--out <dir>', 'output directory', 'export')
  .option('--since <instant>', 'only resources changed since this instant')
  .addOption(dataDir())
  .action(exportCommand);

program
  .command('backup')
  .description(
    'write a consistent snapshot of the whole database (gzipped NDJSON) while the server runs',
  )
  .requiredOption('--out <file>', 'the backup file to write')
  .addOption(dataDir())
  .action(backupCommand);

program
  .command('restore')
  .description(
    'load a backup into an empty database (stop the server first); --force replaces what it holds',
  )
  .argument('<file>', 'a file written by careweave backup')
  .option('--force', 'replace the contents of a database that is not empty')
  .addOption(dataDir())
  .action(restoreCommand);

program
  .command('generate')
  .description('generate a deterministic synthetic population as NDJSON')
  .requiredOption('--patients <n>', 'number of people')
  .option('--seed <n>', 'random seed', '1')
  .requiredOption('--out <dir>', 'output directory')
  .option(
    '--programme-effect <fraction>',
    'reduce admissions of enrolled people by this fraction after enrolment (e.g. 0.12)',
  )
  .option('--as-of <date>', 'the date the 3-year history ends (default fixed, for determinism)')
  .action(generateCommand);

program
  .command('demo')
  .description(
    'generate, import and serve a synthetic integrated-care network on the embedded database',
  )
  .option('--data-dir <dir>', 'demo data directory', '.careweave/demo')
  .option('--port <port>', 'port to listen on', '8080')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--patients <n>', 'number of synthetic people', '2000')
  .option('--reset', 'discard the existing demo data and start over')
  .action(demoCommand);

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const hl7 = program.command('hl7').description('the HL7 v2 feed');
hl7
  .command('send')
  .description(
    'send HL7 v2 messages over MLLP (one per file, or several separated by blank lines); prints each MSH-10 and its ACK code, then a JSON summary',
  )
  .argument('<files...>', 'files of HL7 v2 messages')
  .requiredOption('--port <port>', 'the MLLP listener port')
  .option('--host <host>', 'the MLLP listener host', '127.0.0.1')
  .option('--timeout <seconds>', 'seconds to wait for each ACK', '30')
  .action(hl7SendCommand);

const user = program.command('user').description('manage login accounts');
user
  .command('create')
  .description('create a login account for an existing Practitioner, Patient or RelatedPerson')
  .requiredOption('--email <email>', 'login email (case-insensitive, unique)')
  .requiredOption(
    '--password <password>',
    'at least 12 characters, not a common password; "-" reads it from stdin',
  )
  .requiredOption(
    '--fhir-user <ref>',
    'Practitioner/ID, Patient/ID or RelatedPerson/ID (must exist)',
  )
  .option(
    '--role <role>',
    'staff role (required for a Practitioner): administrator, care-coordinator, physician, nurse, behavioural-health, social-worker, pharmacist, community-health-worker, programme-manager, community-organisation',
  )
  .option('--name <name>', "display name (default: the resource's name)")
  .option(
    '--organization <id>',
    "a practitioner's organisation (repeatable; default: their PractitionerRoles' organisations)",
    collect,
  )
  .option('--temporary', 'a temporary password: it must be changed at the first sign-in')
  .addOption(dataDir())
  .action(userCreateCommand);
user
  .command('list')
  .description('list login accounts with role, status and last sign-in')
  .option('--search <text>', 'only accounts whose email or name contains this')
  .addOption(dataDir())
  .action(userListCommand);
user
  .command('disable')
  .description('disable an account (it cannot sign in; its sessions and tokens stop working)')
  .requiredOption('--email <email>', 'the account')
  .addOption(dataDir())
  .action((flags: { email: string; dataDir?: string }) => userSetDisabledCommand(flags, true));
user
  .command('enable')
  .description('re-enable a disabled account')
  .requiredOption('--email <email>', 'the account')
  .addOption(dataDir())
  .action((flags: { email: string; dataDir?: string }) => userSetDisabledCommand(flags, false));
user
  .command('reset-password')
  .description('set a temporary password (changed at the next sign-in); ends the sessions')
  .requiredOption('--email <email>', 'the account')
  .requiredOption('--password <password>', 'the temporary password; "-" reads it from stdin')
  .addOption(dataDir())
  .action(userResetPasswordCommand);

program
  .command('token')
  .description(
    'print an access token on the last line (reads only the signing key file: works while a server runs)',
  )
  .option('--system', 'a system token (system/*.cruds unless --scope)')
  .option(
    '--user <email>',
    'a token for this account (the server checks the account at each request)',
  )
  .option(
    '--scope <scope>',
    'a scope to grant (repeatable), e.g. system/*.rs, user/Observation.rs',
    collect,
  )
  .option('--ttl <minutes>', 'lifetime in minutes (at most 1440)', '15')
  .addOption(dataDir())
  .action(tokenCommand);

const client = program.command('client').description('manage SMART / OAuth 2.0 clients');
client
  .command('create')
  .description("register a client; prints its client_id (and a confidential client's secret, once)")
  .requiredOption('--name <name>', 'the name users see on the login page')
  .option(
    '--redirect-uri <uri>',
    'an allowed redirect URI (repeatable; https, or http on localhost)',
    collect,
  )
  .option(
    '--confidential',
    'a confidential client with a secret (client_credentials, back-end services)',
  )
  .option(
    '--scope <scope>',
    'a scope the client may be granted (repeatable); default patient/*.cruds user/*.cruds launch/patient offline_access (+ system/*.rs when confidential)',
    collect,
  )
  .option(
    '--jwks-url <url>',
    "a back-end service's JWKS URL (SMART Backend Services, private_key_jwt): confidential, no secret",
  )
  .option(
    '--jwks-file <file>',
    "a file holding a back-end service's public JWKS (private_key_jwt): confidential, no secret",
  )
  .addOption(dataDir())
  .action(clientCreateCommand);
client
  .command('list')
  .description('list registered clients with their last use')
  .addOption(dataDir())
  .action(clientListCommand);
client
  .command('revoke')
  .description('revoke a client: delete it with its sessions')
  .argument('<client_id>', 'the client to revoke')
  .addOption(dataDir())
  .action(clientRevokeCommand);

program
  .command('doctor')
  .description(
    'check the set-up (Node, build, data directory, database and migrations, key file, port) and say what to fix',
  )
  .option('--port <port>', 'the port the server is to listen on', process.env['PORT'] ?? '8080')
  .option('--host <host>', 'the address it is to bind', '127.0.0.1')
  .addOption(dataDir())
  .action(doctorCommand);

registerScoreCommands(program);
registerRiskCommands(program, dataDir);
registerStratifyCommand(program, dataDir);
registerMeasuresCommand(program, dataDir);
registerPaymentCommand(program, dataDir);
registerEvaluateCommand(program);

program.parseAsync().catch((err: unknown) => {
  const e = err as Error & { outcome?: unknown };
  process.stderr.write(`careweave: ${e.message}\n`);
  process.exit(1);
});
