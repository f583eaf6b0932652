import type { AuditRow } from '@careweave/contract';
import { ADMIN_AUDIT } from '@careweave/care';
import type { AuditEvent, Patient } from '@medplum/fhirtypes';
import { formatHumanName } from '@medplum/core';
import { findAccountByEmail, SYSTEM_CONTEXT, type Repository } from '@careweave/store';
import { adminError } from './errors.js';
import type { AdminActor, AdminDeps } from './users.js';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const INTERACTION = 'http://hl7.org/fhir/restful-interaction';

/**
 * The kinds of event the audit log screen filters by, as AuditEvent search criteria (the codes
 * `care/access` records: DICOM 110114 logins, RESTful interactions, 110106 exports, 110113
 * administration, 110101 use of the audit log).
 */
export const AUDIT_ACTIONS: Readonly<Record<string, [string, string]>> = {
  login: ['subtype', `${DCM}|110122`],
  logout: ['subtype', `${DCM}|110123`],
  read: [
    'subtype',
    ['read', 'vread', 'history-instance'].map((c) => `${INTERACTION}|${c}`).join(','),
  ],
  search: ['subtype', `${INTERACTION}|search-type`],
  create: ['subtype', `${INTERACTION}|create`],
  update: ['subtype', ['update', 'patch', 'batch'].map((c) => `${INTERACTION}|${c}`).join(',')],
  delete: ['subtype', `${INTERACTION}|delete`],
  export: ['type', `${DCM}|110106`],
  administration: ['type', `${DCM}|${ADMIN_AUDIT.securityAlert.code}`],
  'audit-log': ['type', `${DCM}|${ADMIN_AUDIT.auditLogUsed.code}`],
};

/** The filters of `GET /api/admin/audit` (and its CSV export). */
export interface AuditQuery {
  /** An account id, or a login email (failed logins of unknown emails too). */
  user?: string | undefined;
  /** `Patient/ID` or `ID`: events whose answer carried this patient's data. */
  patient?: string | undefined;
  /** One of AUDIT_ACTIONS' keys. */
  action?: string | undefined;
  /** `success` or `failure`. */
  outcome?: string | undefined;
  /** Dates or instants (inclusive). */
  from?: string | undefined;
  to?: string | undefined;
}

export type { AuditRow };

const DATE = /^\d{4}(-\d{2}(-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Turns the filters into AuditEvent search parameters (a 400 for anything it cannot use). */
export async function auditSearchParams(
  deps: AdminDeps,
  query: AuditQuery,
): Promise<[string, string][]> {
  const params: [string, string][] = [];
  if (query.user) {
    const user = query.user.trim();
    if (user.includes('@')) {
      const account = await findAccountByEmail(deps.db, user);
      params.push(account ? ['altid', account.id] : ['agent-name:exact', user.toLowerCase()]);
    } else {
      params.push(['altid', user]);
    }
  }
  if (query.patient) {
    const id = query.patient.trim().replace(/^Patient\//, '');
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
      throw adminError(
        400,
        'invalid',
        `patient must be Patient/ID or an id, not ${JSON.stringify(query.patient)}`,
      );
    }
    params.push(['entity', `Patient/${id}`]);
  }
  if (query.action) {
    const criterion = AUDIT_ACTIONS[query.action];
    if (!criterion || !Object.hasOwn(AUDIT_ACTIONS, query.action)) {
      throw adminError(
        400,
        'invalid',
        `action must be one of ${Object.keys(AUDIT_ACTIONS).join(', ')}`,
      );
    }
    params.push(criterion);
  }
  if (query.outcome) {
    if (query.outcome !== 'success' && query.outcome !== 'failure') {
      throw adminError(400, 'invalid', 'outcome must be success or failure');
    }
    params.push(['outcome', query.outcome === 'success' ? '0' : '4,8,12']);
  }
  for (const [name, prefix] of [
    ['from', 'ge'],
    ['to', 'le'],
  ] as const) {
    const value = query[name]?.trim();
    if (value) {
      if (
        !DATE.test(value) ||
        Number.isNaN(Date.parse(value.length === 4 ? `${value}-01-01` : value))
      ) {
        throw adminError(400, 'invalid', `${name} must be a date (YYYY-MM-DD) or an instant`);
      }
      params.push(['date', `${prefix}${value}`]);
    }
  }
  return params;
}

function actionText(event: AuditEvent): string {
  const type = event.type;
  const subtype = event.subtype?.[0];
  if (type.code === '110114') {
    return subtype?.code === '110123' ? 'Sign-out' : 'Sign-in';
  }
  if (type.code === ADMIN_AUDIT.securityAlert.code || type.code === ADMIN_AUDIT.auditLogUsed.code) {
    return (
      event.entity?.find((e) => e.description)?.description ??
      subtype?.display ??
      type.display ??
      'Administration'
    );
  }
  if (type.code === '110106') {
    return 'Export';
  }
  const words: Record<string, string> = {
    read: 'Read',
    vread: 'Read (version)',
    'history-instance': 'History',
    'search-type': 'Search',
    create: 'Create',
    update: 'Update',
    patch: 'Update (patch)',
    delete: 'Delete',
    operation: 'Operation',
    transaction: 'Transaction',
    batch: 'Bulk write',
  };
  return (subtype?.code && words[subtype.code]) ?? subtype?.code ?? type.code ?? 'Event';
}

function targetOf(event: AuditEvent): string | null {
  for (const entity of event.entity ?? []) {
    if (entity.role?.code === '1') continue; // patients have their own column
    if (entity.query) {
      const query = Buffer.from(entity.query, 'base64').toString('utf8');
      return entity.name ? `${entity.name}?${query}` : query;
    }
    const what = entity.what;
    if (what?.display) return what.display;
    if (what?.reference) return what.reference;
    if (what?.identifier?.value) return what.identifier.value;
  }
  return null;
}

/** Display names of patients, read with the system context (administrators see the audit log, not the record). */
async function patientNames(repo: Repository, references: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(references.map((r) => r.slice('Patient/'.length)))].filter((id) =>
    /^[A-Za-z0-9\-.]{1,64}$/.test(id),
  );
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 100) {
    const page = await repo.search(SYSTEM_CONTEXT, 'Patient', [
      ['_id', ids.slice(i, i + 100).join(',')],
      ['_count', '100'],
      ['_total', 'none'],
      ['_elements', 'name'],
    ]);
    for (const p of page.resources as Patient[]) {
      const name = p.name?.[0];
      if (p.id && name) names.set(`Patient/${p.id}`, formatHumanName(name));
    }
  }
  return names;
}

async function toRows(repo: Repository, events: AuditEvent[]): Promise<AuditRow[]> {
  const patientRefs = events.flatMap((e) =>
    (e.entity ?? [])
      .filter((x) => x.role?.code === '1' && x.what?.reference?.startsWith('Patient/'))
      .map((x) => x.what?.reference as string),
  );
  const names = await patientNames(repo, patientRefs);
  return events.map((e) => {
    const main = e.agent.find((a) => a.requestor) ?? e.agent[0];
    const orgs = e.agent
      .filter((a) => a !== main)
      .map((a) => a.who?.display ?? a.who?.reference ?? '');
    const patients = [
      ...new Set(
        (e.entity ?? [])
          .filter((x) => x.role?.code === '1' && x.what?.reference)
          .map((x) => x.what?.reference as string),
      ),
    ];
    return {
      id: e.id ?? '',
      recorded: e.recorded,
      action: actionText(e),
      outcome: !e.outcome || e.outcome === '0' ? 'success' : 'failure',
      detail: e.outcomeDesc ?? null,
      user: main?.name ?? main?.who?.display ?? main?.who?.reference ?? 'unknown',
      userReference: main?.who?.reference ?? null,
      accountId: main?.altId ?? null,
      organizations: orgs.filter(Boolean),
      ip: main?.network?.address ?? null,
      patients: patients.map((reference) => ({ reference, name: names.get(reference) ?? null })),
      target: targetOf(e),
      breakGlass: (main?.purposeOfUse ?? []).some((p) => p.coding?.some((c) => c.code === 'BTG')),
    };
  });
}

/** The query string of the filters, as the audit record of using the log keeps it. */
function describe(query: AuditQuery): string {
  return new URLSearchParams(
    Object.entries(query).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
    ),
  ).toString();
}

/** `GET /api/admin/audit`: a page of events, newest first, with a cursor for the next. */
export async function searchAuditLog(
  deps: AdminDeps,
  actor: AdminActor,
  query: AuditQuery,
  page: { count: number; cursor?: string | undefined },
): Promise<{ rows: AuditRow[]; next: string | null }> {
  const params = await auditSearchParams(deps, query);
  const result = await deps.repo.search(SYSTEM_CONTEXT, 'AuditEvent', [
    ...params,
    ['_sort', '-date'],
    ['_count', String(page.count)],
    ['_total', 'none'],
    ...(page.cursor ? ([['_cursor', page.cursor]] as [string, string][]) : []),
  ]);
  await deps.audit.recordAdmin({
    ctx: actor.ctx,
    ip: actor.ip,
    action: 'audit-search',
    query: describe(query),
  });
  return {
    rows: await toRows(deps.repo, result.resources as AuditEvent[]),
    next: result.nextCursor ?? null,
  };
}

/** The most rows one CSV export holds (narrow the filters for more). */
export const MAX_EXPORT_ROWS = 100_000;

const CSV_COLUMNS: readonly (keyof AuditRow | 'patientNames')[] = [
  'recorded',
  'action',
  'outcome',
  'detail',
  'user',
  'userReference',
  'accountId',
  'organizations',
  'ip',
  'patients',
  'patientNames',
  'target',
  'breakGlass',
  'id',
];

/**
 * One CSV field (RFC 4180 quoting). A field that a spreadsheet would take for a formula
 * (`= + - @`, tab, carriage return) is prefixed with `'` (OWASP "CSV Injection").
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(row: AuditRow): string {
  const cell = (column: (typeof CSV_COLUMNS)[number]): string => {
    switch (column) {
      case 'organizations':
        return row.organizations.join('; ');
      case 'patients':
        return row.patients.map((p) => p.reference).join('; ');
      case 'patientNames':
        return row.patients.map((p) => p.name ?? '').join('; ');
      case 'breakGlass':
        return row.breakGlass ? 'yes' : '';
      default: {
        const value = row[column];
        return value === null ? '' : String(value);
      }
    }
  };
  return CSV_COLUMNS.map((c) => csvField(cell(c))).join(',');
}

/** `GET /api/admin/audit.csv`: every matching event (up to MAX_EXPORT_ROWS), newest first, as CSV lines. */
export async function* exportAuditLog(
  deps: AdminDeps,
  actor: AdminActor,
  query: AuditQuery,
): AsyncGenerator<string> {
  const params = await auditSearchParams(deps, query);
  await deps.audit.recordAdmin({
    ctx: actor.ctx,
    ip: actor.ip,
    action: 'audit-export',
    query: describe(query),
  });
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  let cursor: string | undefined;
  let rows = 0;
  do {
    const page = await deps.repo.search(SYSTEM_CONTEXT, 'AuditEvent', [
      ...params,
      ['_sort', '-date'],
      ['_count', '1000'],
      ['_total', 'none'],
      ...(cursor ? ([['_cursor', cursor]] as [string, string][]) : []),
    ]);
    const lines = (await toRows(deps.repo, page.resources as AuditEvent[])).map(csvLine);
    rows += lines.length;
    if (lines.length > 0) yield `${lines.join('\r\n')}\r\n`;
    cursor = page.nextCursor;
  } while (cursor && rows < MAX_EXPORT_ROWS);
}
