import { paymentReport, parsePaymentContract, parsePeriod } from '@careweave/care';
import type { PaymentReport } from '@careweave/contract';
import { wireAccess } from '@careweave/server';
import { migrate, openDatabase, SYSTEM_CONTEXT } from '@careweave/store';
import { OperationOutcomeError } from '@medplum/core';
import type { Command, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { databaseOptions, fail, type DatabaseFlags } from '../options.js';

interface ReportFlags extends DatabaseFlags {
  contract: string;
  period?: string;
  groups?: string;
}

const usd = (n: number): string =>
  `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The report as a table: one line per organisation, then the network. */
export function renderPaymentTable(report: PaymentReport): string {
  const rows = [
    [
      'organisation',
      'members',
      'member-months',
      'PMPM',
      'risk',
      'adj. PMPM',
      'benchmark',
      'savings',
      'earned',
      'outcome',
    ],
    ...report.organizations.map((o) => [
      o.name,
      String(o.members),
      String(o.memberMonths),
      usd(o.pmpm),
      o.meanRiskScore.toFixed(3),
      usd(o.riskAdjustedPmpm),
      usd(o.savings.benchmarkPmpm),
      `${usd(o.savings.savings)} (${(o.savings.savingsRate * 100).toFixed(1)}%)`,
      usd(o.savings.earned),
      o.savings.outcome,
    ]),
    [
      'network',
      String(report.network.members),
      String(report.network.memberMonths),
      usd(report.network.pmpm),
      '',
      '',
      '',
      '',
      usd(report.network.earned),
      '',
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  const changes = Object.entries(report.changes)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return [
    `${report.contract}: ${report.period.start} to ${report.period.end}, look-back ${report.lookbackMonths} months`,
    ...lines,
    `Attribution by month: ${changes}`,
  ].join('\n');
}

async function reportCommand(flags: ReportFlags): Promise<void> {
  let text: string;
  try {
    text = readFileSync(flags.contract, 'utf8');
  } catch {
    return fail(`cannot read the contract file ${flags.contract}`);
  }
  let contract;
  let period;
  try {
    contract = parsePaymentContract(JSON.parse(text) as unknown);
    period = flags.period ? parsePeriod(flags.period) : undefined;
  } catch (err) {
    const message =
      err instanceof OperationOutcomeError
        ? (err.outcome.issue?.[0]?.details?.text ?? err.message)
        : (err as Error).message;
    return fail(`${flags.contract}: ${message}`);
  }
  const db = await openDatabase(databaseOptions(flags));
  try {
    await migrate(db);
    const { repo } = wireAccess(db);
    const { report, groups } = await paymentReport(repo, SYSTEM_CONTEXT, contract, period);
    process.stdout.write(`${renderPaymentTable(report)}\n`);
    if (flags.groups) {
      writeFileSync(
        flags.groups,
        `${JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: groups.map((resource) => ({ resource })) }, null, 2)}\n`,
      );
      process.stdout.write(`Wrote ${groups.length} attribution Groups to ${flags.groups}\n`);
    }
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await db.close();
  }
}

/** `careweave payment report --contract contract.json [--period YYYY-MM..YYYY-MM]`. */
export function registerPaymentCommand(program: Command, dataDir: () => Option): void {
  const payment = program.command('payment').description('value-based payment');
  payment
    .command('report')
    .description(
      'attribution, cost per member-month, shared savings and capitation per organisation: a table, then JSON on the last line',
    )
    .requiredOption('--contract <file>', 'the contract JSON (docs/payment-contract.example.json)')
    .option(
      '--period <months>',
      'YYYY-MM..YYYY-MM (default: the contract’s performance period, else the 12 months to the last claim)',
    )
    .option('--groups <file>', 'also write the Da Vinci ATR attribution Groups there (a Bundle)')
    .addOption(dataDir())
    .action(reportCommand);
}
