import type { AuditEvent, AuditEventEntity, Coding } from '@medplum/fhirtypes';
import type { RequestContext } from '@careweave/store';
import { auditEvent, queryEntity, type AuditActor } from './audit-events.js';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const dcm = (code: string, display: string): Coding => ({ system: DCM, code, display });

/**
 * Administration as the audit trail records it, with DICOM PS3.16 CID 400/402 codes (the
 * vocabulary IHE ATNA and BALP use for security events): type 110113 "Security Alert" with
 * subtype 110136 "Security Roles Changed" (an account created with a role, or its role or
 * organisations changed), 110137 "User Security Attributes Changed" (disabled, re-enabled,
 * password reset or changed), 110129 "Security Configuration" (OAuth clients); reading or exporting
 * the audit log is type 110101 "Audit Log Used".
 */
export const ADMIN_AUDIT = {
  securityAlert: dcm('110113', 'Security Alert'),
  rolesChanged: dcm('110136', 'Security Roles Changed'),
  userAttributesChanged: dcm('110137', 'User Security Attributes Changed'),
  securityConfiguration: dcm('110129', 'Security Configuration'),
  auditLogUsed: dcm('110101', 'Audit Log Used'),
} as const;

/** What an administrator (or the account holder, for their own password) did. */
export type AdminAction =
  | 'user-create'
  | 'user-update'
  | 'user-disable'
  | 'user-enable'
  | 'password-reset'
  | 'password-change'
  | 'client-register'
  | 'client-update'
  | 'client-secret'
  | 'client-revoke'
  | 'audit-search'
  | 'audit-export';

/** One administrative action, for the audit trail. */
export interface AdminEvent {
  /** Who acted (an administrator's request context, or the system: the CLI). */
  ctx: RequestContext;
  action: AdminAction;
  /** The account acted on. */
  account?: { id: string; email: string; fhirUser: string; role?: string };
  /** The OAuth client acted on. */
  client?: { id: string; name: string };
  /** The audit-log query (search and export). */
  query?: string;
  outcome?: 'success' | 'failure';
  /** What changed, or why it failed, in words (never a password or secret). */
  detail?: string;
  ip?: string;
}

const SUBTYPE: Readonly<Record<AdminAction, Coding | undefined>> = {
  'user-create': ADMIN_AUDIT.rolesChanged,
  'user-update': ADMIN_AUDIT.rolesChanged,
  'user-disable': ADMIN_AUDIT.userAttributesChanged,
  'user-enable': ADMIN_AUDIT.userAttributesChanged,
  'password-reset': ADMIN_AUDIT.userAttributesChanged,
  'password-change': ADMIN_AUDIT.userAttributesChanged,
  'client-register': ADMIN_AUDIT.securityConfiguration,
  'client-update': ADMIN_AUDIT.securityConfiguration,
  'client-secret': ADMIN_AUDIT.securityConfiguration,
  'client-revoke': ADMIN_AUDIT.securityConfiguration,
  'audit-search': undefined,
  'audit-export': undefined,
};

const ACTION: Readonly<Record<AdminAction, AuditEvent['action']>> = {
  'user-create': 'C',
  'user-update': 'U',
  'user-disable': 'U',
  'user-enable': 'U',
  'password-reset': 'U',
  'password-change': 'U',
  'client-register': 'C',
  'client-update': 'U',
  'client-secret': 'U',
  'client-revoke': 'D',
  'audit-search': 'E',
  'audit-export': 'R',
};

/** The identifier systems an account and a client are named by in audit entities (they are not FHIR resources). */
export const ACCOUNT_ID_SYSTEM = 'https://careweave.org/fhir/sid/account';
export const CLIENT_ID_SYSTEM = 'https://careweave.org/fhir/sid/oauth-client';

const SECURITY_USER: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/object-role',
  code: '11',
  display: 'Security User Entity',
};
const SECURITY_RESOURCE: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/object-role',
  code: '13',
  display: 'Security Resource',
};
const OBJECT: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  code: '2',
  display: 'System Object',
};

/** The action in words: the description of the entity acted on (what the audit log screen shows). */
export const ADMIN_ACTION_TEXT: Readonly<Record<AdminAction, string>> = {
  'user-create': 'Account created',
  'user-update': 'Account changed',
  'user-disable': 'Account disabled',
  'user-enable': 'Account re-enabled',
  'password-reset': 'Password reset (temporary)',
  'password-change': 'Password changed',
  'client-register': 'App registered',
  'client-update': 'App changed',
  'client-secret': 'App secret replaced',
  'client-revoke': 'App revoked',
  'audit-search': 'Audit log searched',
  'audit-export': 'Audit log exported',
};

/** The AuditEvent of an administrative action. */
export function adminAuditEvent(
  event: AdminEvent,
  actor: AuditActor,
  recorded: string,
): AuditEvent {
  const entities: AuditEventEntity[] = [];
  if (event.account) {
    entities.push({
      what: {
        reference: event.account.fhirUser,
        identifier: { system: ACCOUNT_ID_SYSTEM, value: event.account.id },
        display: event.account.email,
      },
      type: OBJECT,
      role: SECURITY_USER,
      name: event.account.email,
      description: ADMIN_ACTION_TEXT[event.action],
      ...(event.account.role
        ? { detail: [{ type: 'role', valueString: event.account.role }] }
        : {}),
    });
  }
  if (event.client) {
    entities.push({
      what: {
        identifier: { system: CLIENT_ID_SYSTEM, value: event.client.id },
        display: event.client.name,
      },
      type: OBJECT,
      role: SECURITY_RESOURCE,
      name: event.client.name,
      description: ADMIN_ACTION_TEXT[event.action],
    });
  }
  if (event.query !== undefined) {
    entities.push({
      ...queryEntity('AuditEvent', event.query),
      description: ADMIN_ACTION_TEXT[event.action],
    });
  }
  const subtype = SUBTYPE[event.action];
  return auditEvent({
    recorded,
    type: subtype ? ADMIN_AUDIT.securityAlert : ADMIN_AUDIT.auditLogUsed,
    ...(subtype ? { subtype } : {}),
    action: ACTION[event.action],
    actor,
    entities,
    outcome: event.outcome === 'failure' ? '4' : '0',
    ...(event.detail ? { outcomeDesc: event.detail } : {}),
  });
}
