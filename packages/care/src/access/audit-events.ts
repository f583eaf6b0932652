import type {
  AuditEvent,
  AuditEventAgent,
  AuditEventEntity,
  CodeableConcept,
  Coding,
  Reference,
  Resource,
} from '@medplum/fhirtypes';

/**
 * AuditEvent builders. Structure and codes follow FHIR R4 AuditEvent and the IHE Basic Audit Log
 * Patterns (BALP): type `rest` with the RESTful interaction as subtype for FHIR calls, DICOM
 * 110114/110122 for logins, DICOM 110106 for exports; the patient as an entity with role 1
 * (so `AuditEvent?entity=Patient/x` lists every access to x's record); purpose of use BTG
 * (v3 ActReason) for break-the-glass.
 */
export const AUDIT = {
  rest: {
    system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
    code: 'rest',
    display: 'RESTful Operation',
  },
  interaction: 'http://hl7.org/fhir/restful-interaction',
  login: {
    system: 'http://dicom.nema.org/resources/ontology/DCM',
    code: '110114',
    display: 'User Authentication',
  },
  loginSubtype: {
    system: 'http://dicom.nema.org/resources/ontology/DCM',
    code: '110122',
    display: 'Login',
  },
  logoutSubtype: {
    system: 'http://dicom.nema.org/resources/ontology/DCM',
    code: '110123',
    display: 'Logout',
  },
  export: {
    system: 'http://dicom.nema.org/resources/ontology/DCM',
    code: '110106',
    display: 'Export',
  },
  patientRecord: {
    system: 'http://dicom.nema.org/resources/ontology/DCM',
    code: '110110',
    display: 'Patient Record',
  },
  btg: {
    system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
    code: 'BTG',
    display: 'break the glass',
  },
} as const;

const HUMAN: CodeableConcept = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type',
      code: 'humanuser',
      display: 'human user',
    },
  ],
};
const PROCESS: CodeableConcept = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type',
      code: 'dataprocessor',
      display: 'data processor',
    },
  ],
};
const EMPLOYER: CodeableConcept = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass',
      code: 'PROV',
      display: 'healthcare provider',
    },
  ],
};
const SOURCE: AuditEvent['source'] = {
  observer: { display: 'Careweave' },
  type: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
      code: '4',
      display: 'Application Server',
    },
  ],
};
const PERSON: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  code: '1',
  display: 'Person',
};
const OBJECT: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  code: '2',
  display: 'System Object',
};
const ROLE = (code: string, display: string): Coding => ({
  system: 'http://terminology.hl7.org/CodeSystem/object-role',
  code,
  display,
});

/** Who acted, as the audit trail records them. */
export interface AuditActor {
  /** `Practitioner/…`, `Patient/…`, `RelatedPerson/…`, or absent for the system. */
  reference?: string;
  display?: string;
  accountId?: string;
  organizations: readonly { id: string; display?: string }[];
  ip?: string;
  breakGlass?: boolean;
}

/** The agents of an event: the requesting user (or system) and the organisations they act for. */
export function agents(actor: AuditActor): AuditEventAgent[] {
  const who: AuditEventAgent['who'] = actor.reference
    ? { reference: actor.reference, ...(actor.display ? { display: actor.display } : {}) }
    : { display: actor.display ?? 'Careweave system' };
  const main: AuditEventAgent = {
    type: actor.reference ? HUMAN : PROCESS,
    who,
    requestor: true,
    ...(actor.accountId ? { altId: actor.accountId } : {}),
    ...(actor.display ? { name: actor.display } : {}),
    ...(actor.ip ? { network: { address: actor.ip, type: '2' as const } } : {}),
    ...(actor.breakGlass ? { purposeOfUse: [{ coding: [AUDIT.btg] }] } : {}),
  };
  const orgs = actor.organizations.map((o): AuditEventAgent => ({
    type: EMPLOYER,
    who: { reference: `Organization/${o.id}`, ...(o.display ? { display: o.display } : {}) },
    requestor: false,
  }));
  return [main, ...orgs];
}

/** The entity for a patient whose record was touched. */
export function patientEntity(patient: string): AuditEventEntity {
  return { what: { reference: patient }, type: PERSON, role: ROLE('1', 'Patient') };
}

/** The entity for a resource read or written (versioned when known). */
export function resourceEntity(reference: string): AuditEventEntity {
  return { what: { reference }, type: OBJECT, role: ROLE('4', 'Domain Resource') };
}

/** The entity for a search or history query (the query text, base64 as R4 requires). */
export function queryEntity(resourceType: string | undefined, query: string): AuditEventEntity {
  return {
    type: OBJECT,
    role: ROLE('24', 'Query'),
    ...(resourceType ? { name: resourceType } : {}),
    query: Buffer.from(query, 'utf8').toString('base64'),
  };
}

/** R4 AuditEvent.outcome from an HTTP status: 0 success, 4 minor failure (client error), 8 serious failure. */
export function outcomeOf(status: number): AuditEvent['outcome'] {
  return status < 400 ? '0' : status < 500 ? '4' : '8';
}

/** An AuditEvent with the common parts filled in. */
export function auditEvent(parts: {
  type: Coding;
  subtype?: Coding;
  action: AuditEvent['action'];
  actor: AuditActor;
  entities: AuditEventEntity[];
  outcome?: AuditEvent['outcome'];
  outcomeDesc?: string;
  purpose?: { coding: Coding; text?: string };
  recorded?: string;
}): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    type: parts.type,
    ...(parts.subtype ? { subtype: [parts.subtype] } : {}),
    action: parts.action,
    recorded: parts.recorded ?? new Date().toISOString(),
    outcome: parts.outcome ?? '0',
    ...(parts.outcomeDesc ? { outcomeDesc: parts.outcomeDesc } : {}),
    ...(parts.purpose
      ? {
          purposeOfEvent: [
            {
              coding: [parts.purpose.coding],
              ...(parts.purpose.text ? { text: parts.purpose.text } : {}),
            },
          ],
        }
      : {}),
    agent: agents(parts.actor),
    source: SOURCE,
    ...(parts.entities.length > 0 ? { entity: parts.entities } : {}),
  };
}

/** Elements that carry the patient a resource is about (the Patient compartment's usual links). */
const PATIENT_ELEMENTS = ['subject', 'patient', 'beneficiary', 'for'] as const;

/**
 * `Patient/…` references a resource is about: itself for a Patient, else its subject / patient /
 * beneficiary / for. Cheap on purpose (it runs on every answer); resources that reach a patient
 * only through other elements are audited by their own reference, not in the patient's log.
 */
export function patientRefs(resource: Resource | undefined): string[] {
  if (!resource) {
    return [];
  }
  if (resource.resourceType === 'Patient') {
    return resource.id ? [`Patient/${resource.id}`] : [];
  }
  const out = new Set<string>();
  const record = resource as unknown as Record<string, unknown>;
  for (const key of PATIENT_ELEMENTS) {
    const value = record[key];
    for (const ref of Array.isArray(value) ? value : [value]) {
      const reference = (ref as Reference | undefined)?.reference;
      if (typeof reference === 'string' && reference.startsWith('Patient/')) {
        out.add(reference);
      }
    }
  }
  return [...out];
}
