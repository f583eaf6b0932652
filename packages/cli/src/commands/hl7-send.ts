import { MllpClient, ackCodeOf, controlIdOf, splitMessages } from '@careweave/server';
import { readFile } from 'node:fs/promises';

export interface Hl7SendFlags {
  port: string;
  host: string;
  /** Seconds to wait for each ACK. */
  timeout: string;
}

/**
 * `careweave hl7 send FILE... --port P [--host H]`: sends each message over MLLP on one
 * connection, waiting for its ACK; prints per message its MSH-10 and the ACK's MSA-1, then on the
 * last line `{"sent":N,"AA":n,"AE":n,"AR":n}`. Exits 1 when the listener cannot be reached or a
 * message gets no ACK (the summary is still printed).
 */
export async function hl7SendCommand(files: string[], flags: Hl7SendFlags): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`--port must be the MLLP listener's port, not "${flags.port}"`);
  }
  const messages: string[] = [];
  for (const file of files) {
    messages.push(...splitMessages(await readFile(file, 'utf8')));
  }
  const summary = { sent: 0, AA: 0, AE: 0, AR: 0 };
  let failed = false;
  let client: MllpClient | undefined;
  try {
    client = await MllpClient.connect(flags.host, port, Number(flags.timeout) * 1000);
    for (const message of messages) {
      const controlId = controlIdOf(message) ?? '-';
      let code: string;
      try {
        const ack = await client.send(message);
        summary.sent++;
        code = ackCodeOf(ack) ?? '?';
      } catch (err) {
        process.stderr.write(`${controlId}: ${(err as Error).message}\n`);
        failed = true;
        break;
      }
      if (code === 'AA' || code === 'AE' || code === 'AR') summary[code]++;
      process.stdout.write(`${controlId} ${code}\n`);
    }
  } catch (err) {
    process.stderr.write(
      `Cannot reach the MLLP listener at ${flags.host}:${port}: ${(err as Error).message}\n`,
    );
    failed = true;
  } finally {
    await client?.close();
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (failed) process.exitCode = 1;
}
