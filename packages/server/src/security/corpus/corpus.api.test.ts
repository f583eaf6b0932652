import { createAdtFeed } from '@careweave/care';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMllpListener, type MllpListener } from '../../hl7/listener.js';
import type { CorpusCase } from './case.js';
import { forgeToken } from './forge.js';
import { exchange, type Hl7Answer } from './hl7-exchange.js';
import { corpusCases, hl7Cases, type Hl7Case } from './index.js';
import { startSecurityServer, type Answer, type SecurityServer } from './testing.js';

/** What went wrong with one case's answer (empty: the case holds). */
function problems(c: CorpusCase, answer: Answer): string[] {
  const out: string[] = [];
  const body = answer.body as
    | { resourceType?: unknown; type?: unknown; entry?: { search?: { mode?: string } }[] }
    | undefined;
  // OAuth endpoints answer errors in RFC 6749's own JSON shape ({"error", "error_description"}).
  const isOutcome =
    body?.resourceType === 'OperationOutcome' ||
    (c.path.startsWith('/oauth2/') &&
      typeof (body as { error?: unknown } | undefined)?.error === 'string');
  if (answer.status >= 500) out.push(`server error ${answer.status}`);
  if (answer.status >= 400 && answer.status < 500 && !isOutcome)
    out.push(`${answer.status} without an OperationOutcome`);
  if (c.expect === 'refused' && (answer.status < 400 || answer.status >= 500))
    out.push(`expected a 4xx, got ${answer.status}`);
  switch (c.check?.kind) {
    case undefined:
      break;
    case 'status':
      if (answer.status !== c.check.status)
        out.push(`expected ${c.check.status}, got ${answer.status}`);
      break;
    case 'no-matches': {
      const matches = (body?.entry ?? []).filter(
        (e) => e.search?.mode !== 'outcome' && e.search?.mode !== 'include',
      );
      if (answer.status === 200 && matches.length > 0)
        out.push(`a hostile search matched ${matches.length} rows`);
      break;
    }
    case 'outcome':
      if (!isOutcome)
        out.push(`expected an OperationOutcome, got ${answer.status} ${answer.text.slice(0, 80)}`);
      break;
    case 'echoes':
      if (answer.status >= 300) out.push(`expected the text stored, got ${answer.status}`);
      else if (!JSON.stringify(answer.body).includes(JSON.stringify(c.check.text).slice(1, -1)))
        out.push('the stored text did not come back exactly as sent');
      break;
  }
  return out;
}

async function send(server: SecurityServer, c: CorpusCase): Promise<Answer> {
  const forged: Record<string, string> = c.forge
    ? { Authorization: `Bearer ${await forgeToken(c.forge, server.keys)}` }
    : {};
  return server.call(c.forge ? 'anonymous' : (c.caller ?? 'operator'), {
    method: c.method,
    path: c.path,
    ...(c.body !== undefined ? { body: c.body } : {}),
    headers: { ...forged, ...c.headers },
  });
}

/**
 * The hostile-input corpus against the production HTTP surface on a real server: no answer
 * ≥ 500, no crash, every refusal a 4xx with an OperationOutcome.
 */
describe.each(testDatabaseKinds())('hostile-input corpus on %s', (kind) => {
  let server: SecurityServer;
  let listener: MllpListener;
  beforeAll(async () => {
    server = await startSecurityServer(kind);
    // The production listener over the same database, as `careweave serve --mllp-port` runs it.
    listener = await startMllpListener({
      feed: createAdtFeed(server.repo),
      port: 0,
      host: '127.0.0.1',
    });
  }, 600_000); // migrations, the story and 12 accounts: slow on a loaded machine
  afterAll(async () => {
    await listener?.close();
    await server?.close();
  });

  it(
    'answers every case without a server error, each as the corpus says',
    { timeout: 900_000 },
    async () => {
      const cases = corpusCases();
      const results: { c: CorpusCase; status: number; problems: string[] }[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < cases.length) {
          const c = cases[next++] as CorpusCase;
          let answer: Answer;
          try {
            answer = await send(server, c);
          } catch (err) {
            results.push({ c, status: 0, problems: [`no answer: ${String(err)}`] });
            continue;
          }
          results.push({ c, status: answer.status, problems: problems(c, answer) });
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      const health = await server.call('anonymous', { method: 'GET', path: '/healthz' });
      expect(health.status, 'the server still answers after the corpus').toBe(200);

      const failing = results.filter((r) => r.problems.length > 0);
      const serverErrors = results.filter((r) => r.status >= 500 || r.status === 0);
      const refused = results.filter((r) => r.status >= 400 && r.status < 500).length;
      console.log(
        [
          `hostile-input corpus on ${kind}: ${results.length} HTTP cases`,
          `${refused} refused (4xx with an OperationOutcome)`,
          `${results.length - refused - serverErrors.length} answered as data`,
          `${serverErrors.length} server errors or no answer` +
            (serverErrors.length ? ` (${serverErrors.map((r) => r.c.id).join(', ')})` : ''),
        ].join('; '),
      );
      expect(results.length).toBe(cases.length);
      expect(
        failing.map(
          (r) => `${r.c.id} (${r.c.method} ${r.c.path.slice(0, 120)}): ${r.problems.join('; ')}`,
        ),
      ).toEqual([]);
    },
  );

  it(
    'acknowledges every HL7 v2 / MLLP case as the corpus says and keeps serving',
    { timeout: 600_000 },
    async () => {
      const cases = hl7Cases();
      const failing: string[] = [];
      const codes = new Map<string, number>();
      // Each case has a connection of its own (its ACKs are judged on it, and the probe after
      // it shows the listener still serves), so four run side by side.
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < cases.length) {
          const c = cases[next++] as Hl7Case;
          let answer: Hl7Answer;
          try {
            answer = await withGuard(exchange(listener.port, c), c);
          } catch (err) {
            failing.push(`${c.id}: ${String(err)}`);
            continue;
          }
          const problems = hl7Problems(c, answer);
          if (problems.length > 0) failing.push(`${c.id}: ${problems.join('; ')}`);
          for (const ack of answer.acks) codes.set(ack, (codes.get(ack) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      const health = await server.call('anonymous', { method: 'GET', path: '/healthz' });
      expect(health.status, 'the server still answers after the HL7 cases').toBe(200);
      console.log(
        `hostile-input corpus on ${kind}: ${cases.length} HL7 v2 / MLLP cases; ACKs ` +
          [...codes].map(([code, n]) => `${code} ×${n}`).join(', ') +
          '; the listener acknowledged a valid message after every case',
      );
      expect(failing).toEqual([]);
    },
  );
});

/** What went wrong with one HL7 case (empty: it holds). */
function hl7Problems(c: Hl7Case, answer: Hl7Answer): string[] {
  const out: string[] = [];
  if (answer.error) out.push(answer.error);
  c.acks.forEach((allowed, i) => {
    const got = answer.acks[i];
    if (!got || !(allowed as string[]).includes(got))
      out.push(`ACK ${i + 1}: expected ${allowed.join(' or ')}, got ${got ?? 'none'}`);
  });
  if (answer.probe !== 'AA')
    out.push(`the valid message after the case got ${answer.probe ?? 'no ACK'}, not AA`);
  return out;
}

/** A case that gets no answer at all fails after a minute instead of hanging the suite. */
function withGuard<T>(promise: Promise<T>, c: Hl7Case): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${c.id}: no answer within 60 s`)), 60_000);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}
