import type { Encounter, Patient, Provenance } from '@medplum/fhirtypes';
import { Hl7Error } from '@careweave/contract';
import {
  Repository,
  SYSTEM_CONTEXT,
  getMessage,
  listMatchReviews,
  listMessages,
} from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeWriteHooks } from '../hooks.js';
import { createAccessService } from '../access/service.js';
import { careWriteHooks } from '../write-rules.js';
import { careErrorCode } from '../shared/care-errors.js';
import { createAdtFeed, type AdtFeed } from './feed.js';

const SAMPLES = new URL('../../../../../shared/data/hl7v2/messages/', import.meta.url);
const haveSamples = existsSync(SAMPLES);
const sample = (name: string): string => readFileSync(new URL(name, SAMPLES), 'utf8');

/** A message of our own (segments joined by `sep`), for the cases the samples do not cover. */
function adt(
  event: string,
  controlId: string,
  opts: {
    mrn?: string;
    authority?: string;
    family?: string;
    given?: string;
    dob?: string;
    sex?: string;
    zip?: string;
    visit?: string;
    cls?: string;
    admit?: string;
    discharge?: string;
    sender?: string;
    sep?: string;
    noPid?: boolean;
    dg1?: string;
  } = {},
): string {
  const o = {
    mrn: 'MRN-1',
    authority: 'CITYHOSP',
    family: 'Nakamura',
    given: 'Aiko',
    dob: '19500214',
    sex: 'F',
    zip: '02139',
    visit: 'V-1',
    cls: 'I',
    admit: '20261201083000',
    discharge: '',
    sender: 'ADT1^CITY',
    ...opts,
  };
  const [app, fac] = o.sender.split('^');
  return [
    `MSH|^~\\&|${app}|${fac}|CAREWEAVE|CW|20261201090000||ADT^${event}^ADT_${event}|${controlId}|P|2.5.1`,
    `EVN|${event}|20261201090000`,
    ...(o.noPid
      ? []
      : [
          `PID|1||${o.mrn}^^^${o.authority}^MR||${o.family}^${o.given}||${o.dob}|${o.sex}|||1 Main St^^Cambridge^MA^${o.zip}^USA^H||^PRN^PH^^^617^5550100`,
        ]),
    `PV1|1|${o.cls}|W3^301^A^CITY||||||||||||||||${o.visit}^^^CITY^VN|||||||||||||||||||||||||${o.admit}|${o.discharge}`,
    ...(o.dg1 ? [o.dg1] : []),
  ].join(o.sep ?? '\r');
}

describe.each(testDatabaseKinds())('the HL7 v2 ADT feed on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;
  let feed: AdtFeed;
  const warnings: object[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const access = createAccessService(new Repository(t.db));
    repo = new Repository(t.db, {
      hooks: composeWriteHooks(access.writeHooks, careWriteHooks()),
    });
    feed = createAdtFeed(repo, {
      log: { warn: (obj) => warnings.push(obj), error: () => undefined },
    });
  });
  afterAll(() => t?.dispose());

  const patientsWith = async (identifier: string): Promise<Patient[]> =>
    (await repo.search(SYSTEM_CONTEXT, 'Patient', [['identifier', identifier]]))
      .resources as Patient[];
  const encountersOf = async (patientId: string): Promise<Encounter[]> =>
    (await repo.search(SYSTEM_CONTEXT, 'Encounter', [['patient', `Patient/${patientId}`]]))
      .resources as Encounter[];

  it.skipIf(!haveSamples)(
    'applies the published sample messages (v2.3, v2.5.1, v2.8; LF separators, BOMs), once per sender + control id',
    async () => {
      const codes: string[] = [];
      for (const file of ['ADT-A01-01.hl7', 'ADT01-23.hl7', 'ADT04-251.hl7']) {
        codes.push((await feed.receive(sample(file))).code);
      }
      expect(codes).toEqual(['AA', 'AA', 'AA']);

      // v2.8 A01: PID-3 repeats (MR under authority test1, SSN under USSSA); FN surname sub-component.
      const [adam] = await patientsWith('test1|PATID1234');
      expect(adam).toMatchObject({
        name: [{ family: 'EVERYMAN', given: ['ADAM', 'A'] }, expect.anything()],
        birthDate: '1988-08-18',
        gender: 'male',
      });
      expect(adam?.identifier).toEqual(
        expect.arrayContaining([expect.objectContaining({ system: 'USSSA', value: '123456789' })]),
      );
      const [stay] = await encountersOf(adam?.id as string);
      expect(stay).toMatchObject({
        status: 'in-progress',
        class: { code: 'IMP' },
        identifier: [{ system: 'AccMng', value: '40007716' }],
      });
      expect(stay?.reasonCode?.[0]?.coding?.[0]).toMatchObject({
        system: 'http://snomed.info/sct',
        code: '422504002',
      });

      // v2.3 A01 with a BOM: Donald Duck, inpatient.
      const [donald] = await patientsWith('1|10006579');
      expect(donald).toMatchObject({ birthDate: '1924-10-10', gender: 'male' });
      expect(donald?.address?.[0]).toMatchObject({ city: 'FOWL', postalCode: '999990000' });
      expect((await encountersOf(donald?.id as string))[0]).toMatchObject({
        status: 'in-progress',
        class: { code: 'IMP' },
      });

      // v2.3 A04 (ED arrival), assigning authority only as facility "Special Hospital".
      const [jane] = await patientsWith('Special%20Hospital|MRN12345');
      expect(jane).toMatchObject({ name: [{ family: 'Doe', given: ['Jane'] }], gender: 'female' });
      expect((await encountersOf(jane?.id as string))[0]).toMatchObject({
        status: 'in-progress',
        class: { code: 'EMER' },
      });

      // The other v2.8 samples reuse the A01's control id: duplicates by the standard's rule.
      const a03 = await feed.receive(sample('ADT-A03-01.hl7'));
      expect(a03).toMatchObject({ code: 'AA', duplicate: true });
      expect((await encountersOf(adam?.id as string))[0]?.status).toBe('in-progress');
      expect(warnings).toContainEqual(
        expect.objectContaining({
          hl7: expect.objectContaining({ controlId: 'MSG00001', event: 'A03' }),
        }),
      );
      const logged = await getMessage(t.db, a03.messageId as string);
      expect(logged).toMatchObject({ deliveries: 2, differingDuplicate: true, event: 'A01' });
    },
  );

  it('answers AA to a redelivery without a second effect, and writes one Provenance per applied message', async () => {
    const message = adt('A01', 'DUP-1', {
      mrn: 'DUP-MRN',
      family: 'Okafor',
      given: 'Chidi',
      visit: 'V-DUP',
    });
    const first = await feed.receive(message);
    const second = await feed.receive(message.replace(/\r/g, '\n'));
    expect([first.code, second.code]).toEqual(['AA', 'AA']);
    expect(second).toMatchObject({ duplicate: true, messageId: first.messageId });
    const patients = await patientsWith('CITYHOSP|DUP-MRN');
    expect(patients).toHaveLength(1);
    const stays = await encountersOf(patients[0]?.id as string);
    expect(stays).toHaveLength(1);
    expect(stays[0]?.meta?.versionId).toBe('1');
    // CR and LF versions of one message are the same content: no warning about a difference.
    expect(await getMessage(t.db, first.messageId as string)).toMatchObject({
      deliveries: 2,
      differingDuplicate: false,
      status: 'processed',
      patientId: patients[0]?.id,
    });
    const provenance = (
      await repo.search(SYSTEM_CONTEXT, 'Provenance', [['patient', `Patient/${patients[0]?.id}`]])
    ).resources as Provenance[];
    expect(provenance).toHaveLength(1);
    expect(provenance[0]?.entity?.[0]?.what?.identifier?.value).toBe(
      'ADT1^CITY|DUP-1'.replace('^', '|'),
    );
  });

  it('a discharge that arrives before its admission still gives a finished stay; the late A01 does not reopen it', async () => {
    const opts = {
      mrn: 'OOO-MRN',
      family: 'Lindqvist',
      given: 'Sven',
      visit: 'V-OOO',
      dob: '19410302',
      sex: 'M',
    };
    const a03 = await feed.receive(adt('A03', 'OOO-2', { ...opts, discharge: '20261205110000' }));
    expect(a03.code).toBe('AA');
    const [sven] = await patientsWith('CITYHOSP|OOO-MRN');
    expect((await encountersOf(sven?.id as string))[0]).toMatchObject({
      status: 'finished',
      period: { start: '2026-12-01T08:30:00.000Z', end: '2026-12-05T11:00:00.000Z' },
    });
    expect((await feed.receive(adt('A01', 'OOO-1', opts))).code).toBe('AA');
    const stays = await encountersOf(sven?.id as string);
    expect(stays).toHaveLength(1);
    expect(stays[0]?.status).toBe('finished');
  });

  it('A11 cancels the admission and A13 reopens a discharged stay', async () => {
    const opts = {
      mrn: 'CAN-MRN',
      family: 'Moreau',
      given: 'Lucie',
      visit: 'V-CAN',
      dob: '19620711',
    };
    await feed.receive(adt('A01', 'CAN-1', opts));
    const [lucie] = await patientsWith('CITYHOSP|CAN-MRN');
    expect((await feed.receive(adt('A11', 'CAN-2', opts))).code).toBe('AA');
    expect((await encountersOf(lucie?.id as string))[0]?.status).toBe('cancelled');

    const again = { ...opts, visit: 'V-CAN-2' };
    await feed.receive(adt('A01', 'CAN-3', again));
    await feed.receive(adt('A03', 'CAN-4', { ...again, discharge: '20261203100000' }));
    expect((await feed.receive(adt('A13', 'CAN-5', again))).code).toBe('AA');
    const reopened = (await encountersOf(lucie?.id as string)).find(
      (e) => e.identifier?.[0]?.value === 'V-CAN-2',
    );
    expect(reopened?.status).toBe('in-progress');
    expect(reopened?.period?.end).toBeUndefined();
  });

  it('answers AE with an ERR segment and the reason, logs the failure, and AR to text that is not HL7', async () => {
    const noPid = await feed.receive(adt('A01', 'ERR-1', { noPid: true }));
    expect(noPid.code).toBe('AE');
    expect(noPid.ack).toMatch(/\rERR\|/);
    expect(noPid.ack).toMatch(/MSA\|AE\|ERR-1\|The PID segment is missing/);
    const unknownEvent = await feed.receive(adt('A99', 'ERR-2'));
    expect(unknownEvent.code).toBe('AE');
    expect(await getMessage(t.db, unknownEvent.messageId as string)).toMatchObject({
      status: 'error',
      ack: 'AE',
      error: expect.stringContaining('A99'),
    });
    const cancelUnknown = await feed.receive(
      adt('A11', 'ERR-3', { mrn: 'NOBODY', family: 'Nobody', given: 'Known', dob: '19010101' }),
    );
    expect(cancelUnknown.code).toBe('AE');
    const garbage = await feed.receive('hello, is this the hospital?');
    expect(garbage.code).toBe('AR');
    for (const encoding of ['^^^^', '^~\\&#$%', '', 'abcd']) {
      const delimiters = await feed.receive(adt('A01', 'ERR-ENC').replace('^~\\&', encoding));
      expect(delimiters.code, encoding).toBe('AR');
      expect(delimiters.ack, encoding).toMatch(/MSH-2 must hold four distinct encoding characters/);
    }
    expect(garbage.ack).toMatch(/MSA\|AR\|/);
    expect(await getMessage(t.db, garbage.messageId as string)).toMatchObject({
      status: 'rejected',
    });
    const page = await listMessages(t.db, { status: 'error' });
    expect(page.messages.map((m) => m.controlId)).toEqual(
      expect.arrayContaining(['ERR-1', 'ERR-2', 'ERR-3']),
    );
  });

  it('answers AE to a PID with more identifiers than a Patient may hold, before matching anyone', async () => {
    const mrns = Array.from({ length: 101 }, (_, i) => `MANY-${i}^^^CITYHOSP`).join('~');
    const many = await feed.receive(adt('A01', 'ERR-MANY', { mrn: mrns, authority: 'CITYHOSP' }));
    expect(many.code).toBe('AE');
    expect(many.ack).toMatch(/at most 100 identifiers/);
    const written = await repo.search(SYSTEM_CONTEXT, 'Patient', [
      ['identifier', 'CITYHOSP|MANY-0'],
    ]);
    expect(written.resources).toEqual([]);
  });

  it('replays a failed message once its cause is fixed: the redelivery or a replay applies it', async () => {
    const opts = {
      mrn: 'RPL-MRN',
      family: 'Haddad',
      given: 'Omar',
      visit: 'V-RPL',
      dob: '19700505',
      sex: 'M',
    };
    // A13 for a stay not known yet fails; once the A01 and A03 are in, a replay applies it.
    const early = await feed.receive(adt('A13', 'RPL-3', opts));
    expect(early.code).toBe('AE');
    await feed.receive(adt('A01', 'RPL-1', opts));
    await feed.receive(adt('A03', 'RPL-2', { ...opts, discharge: '20261202100000' }));
    const replayed = await feed.replay(early.messageId as string);
    expect(replayed).toMatchObject({ status: 'processed', ack: 'AA', attempts: 2 });
    const [omar] = await patientsWith('CITYHOSP|RPL-MRN');
    expect((await encountersOf(omar?.id as string))[0]?.status).toBe('in-progress');
    // Applied messages are not replayed.
    const err = await feed.replay(replayed.id).catch((e: unknown) => e);
    expect(careErrorCode(err)).toBe(Hl7Error.NOT_REPLAYABLE);
  });

  it("matches people: identifier first, then exact agreement under another hospital's MRN; an uncertain match waits for review", async () => {
    // A Patient we already know (e.g. from the demo population), without any hospital identifier.
    const known = (
      await repo.create<Patient>(SYSTEM_CONTEXT, {
        resourceType: 'Patient',
        name: [{ family: 'Kowalczyk', given: ['Marta'] }],
        birthDate: '1948-09-30',
        gender: 'female',
        address: [{ postalCode: '02139' }],
      })
    ).resource;
    const who = { family: 'KOWALCZYK', given: 'marta', dob: '19480930', sex: 'F', zip: '02139' };
    // Exact agreement of family, given, birth date, sex and postcode (case-insensitive): that person.
    expect(
      (await feed.receive(adt('A01', 'MAT-1', { ...who, mrn: 'K-1', visit: 'V-K1' }))).code,
    ).toBe('AA');
    const linked = await repo.read<Patient>(SYSTEM_CONTEXT, 'Patient', known.id as string);
    expect(linked.identifier).toEqual([
      expect.objectContaining({ system: 'CITYHOSP', value: 'K-1' }),
    ]);
    // Another hospital's MRN, same person: added too; the stay is hers.
    await feed.receive(
      adt('A01', 'MAT-2', {
        ...who,
        mrn: 'K-2',
        authority: 'GENERAL',
        visit: 'V-K2',
        sender: 'ADT^GENERAL',
      }),
    );
    expect(
      (await repo.read<Patient>(SYSTEM_CONTEXT, 'Patient', known.id as string)).identifier,
    ).toHaveLength(2);
    expect(await encountersOf(known.id as string)).toHaveLength(2);

    // Same name and birth date, but another postcode: uncertain → held for review, nothing written.
    const held = await feed.receive(
      adt('A01', 'MAT-3', {
        ...who,
        zip: '90210',
        mrn: 'K-3',
        authority: 'WEST',
        visit: 'V-K3',
        sender: 'ADT^WEST',
      }),
    );
    expect(held.code).toBe('AA');
    expect(await getMessage(t.db, held.messageId as string)).toMatchObject({ status: 'held' });
    expect(await patientsWith('WEST|K-3')).toHaveLength(0);
    const [review] = (await listMatchReviews(t.db)).filter((r) => r.messageId === held.messageId);
    expect(review?.candidates).toEqual([
      expect.objectContaining({
        patient: `Patient/${known.id}`,
        fields: expect.objectContaining({ postcode: 'disagree', birthDate: 'agree' }),
      }),
    ]);
    // The administrator links it: the identifier is added and the held message applied.
    const applied = await feed.resolve(
      review?.id as string,
      { action: 'link', patient: `Patient/${known.id}` },
      'Practitioner/admin',
    );
    expect(applied).toMatchObject({ status: 'processed', patientId: known.id });
    expect(await encountersOf(known.id as string)).toHaveLength(3);
    const again = await feed
      .resolve(review?.id as string, { action: 'register' }, 'Practitioner/admin')
      .catch((e: unknown) => e);
    expect(careErrorCode(again)).toBe(Hl7Error.REVIEW_CLOSED);
    // A message now arriving under that identifier matches directly.
    await feed.receive(
      adt('A03', 'MAT-4', {
        ...who,
        zip: '90210',
        mrn: 'K-3',
        authority: 'WEST',
        visit: 'V-K3',
        sender: 'ADT^WEST',
        discharge: '20261202120000',
      }),
    );
    expect(
      (await encountersOf(known.id as string)).filter((e) => e.status === 'finished'),
    ).toHaveLength(1);

    // Someone else entirely: registered as new.
    await feed.receive(
      adt('A04', 'MAT-5', {
        family: 'Abara',
        given: 'Ngozi',
        dob: '19991111',
        mrn: 'N-1',
        visit: 'V-N1',
        cls: 'E',
      }),
    );
    expect(await patientsWith('CITYHOSP|N-1')).toHaveLength(1);
  });
});
