import type { Encounter } from '@medplum/fhirtypes';
import { createAdtFeed } from '@careweave/care';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireAccess } from '../start.js';
import { MllpClient, ackCodeOf } from './client.js';
import { startMllpListener, type MllpListener } from './listener.js';
import { CR, FS, VT } from './mllp.js';

const message = (controlId: string, mrn: string, event = 'A01'): string =>
  [
    `MSH|^~\\&|ADT1|CITY|CW|CW|20261201090000||ADT^${event}|${controlId}|P|2.4`,
    `EVN|${event}|20261201090000`,
    `PID|1||${mrn}^^^CITYHOSP^MR||Tanaka^Kenji||19550101|M|||2 High St^^Boston^MA^02118`,
    `PV1|1|I|W1^1^1||||||||||||||||${mrn}-V^^^CITY^VN|||||||||||||||||||||||||20261201080000`,
  ].join('\r');

describe.each(testDatabaseKinds())('the MLLP listener on %s', (kind) => {
  let t: TestDatabase;
  let listener: MllpListener;
  let repo: ReturnType<typeof wireAccess>['repo'];

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = wireAccess(t.db).repo;
    listener = await startMllpListener({
      feed: createAdtFeed(repo),
      port: 0,
      host: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await listener?.close();
    await t?.dispose();
  });

  it('survives garbage bytes and a half-sent frame, and still acknowledges the next message on the same connection', async () => {
    const client = await MllpClient.connect('127.0.0.1', listener.port, 20_000);
    client.writeRaw(Buffer.from('\x00\xff random bytes \r\n'));
    client.writeRaw(Buffer.concat([Buffer.from([VT]), Buffer.from('MSH|^~\\&|HALF')]));
    const ack = await client.send(message('L-1', 'L-MRN-1'));
    expect(ackCodeOf(ack)).toBe('AA');
    expect(ack).toMatch(/MSA\|AA\|L-1/);
    await client.close();
  });

  it('answers AR to a frame that is not HL7, AE to one it cannot apply, on one connection, in order', async () => {
    const client = await MllpClient.connect('127.0.0.1', listener.port, 20_000);
    expect(ackCodeOf(await client.send('this is not HL7'))).toBe('AR');
    expect(ackCodeOf(await client.send(message('L-2', 'L-MRN-2', 'A99')))).toBe('AE');
    expect(ackCodeOf(await client.send(message('L-3', 'L-MRN-3')))).toBe('AA');
    await client.close();
  });

  it('a connection that sends half a frame and hangs does not block other connections', async () => {
    const hanging = connect({ host: '127.0.0.1', port: listener.port });
    await new Promise((resolve) => hanging.once('connect', resolve));
    hanging.write(Buffer.concat([Buffer.from([VT]), Buffer.from('MSH|^~\\&|STUCK|')]));
    const clients = await Promise.all(
      [4, 5, 6].map(() => MllpClient.connect('127.0.0.1', listener.port, 20_000)),
    );
    const codes = await Promise.all(
      clients.map(async (c, i) => ackCodeOf(await c.send(message(`L-P${i}`, `L-MRN-P${i}`)))),
    );
    expect(codes).toEqual(['AA', 'AA', 'AA']);
    // The same message on two connections at once: one effect, AA both times.
    const [a, b] = clients;
    const both = await Promise.all([
      a?.send(message('L-SAME', 'L-MRN-SAME')),
      b?.send(message('L-SAME', 'L-MRN-SAME')),
    ]);
    expect(both.map((x) => ackCodeOf(x ?? ''))).toEqual(['AA', 'AA']);
    const stays = await repo.search(SYSTEM_CONTEXT, 'Encounter', [
      ['identifier', 'CITY|L-MRN-SAME-V'],
    ]);
    expect(stays.resources as Encounter[]).toHaveLength(1);
    hanging.write(Buffer.from([FS, CR])); // the stuck frame finally ends: it is answered too
    await Promise.all(clients.map((c) => c.close()));
    hanging.destroy();
  });
});
