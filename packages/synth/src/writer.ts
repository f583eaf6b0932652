/**
 * Streams resources to one NDJSON file per resource type. Lines are buffered per type and flushed in
 * 64 KB chunks; when a stream's buffer is full the writer waits for 'drain', so memory stays
 * constant however many people are generated.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';

const CHUNK = 64 * 1024;

interface Sink {
  path: string;
  stream: WriteStream;
  buffer: string;
}

/** Writes NDJSON per resource type, plus arbitrary text files, into one directory. */
export class NdjsonWriter {
  private readonly sinks = new Map<string, Sink>();
  private readonly counts = new Map<string, number>();
  private error: Error | undefined;

  constructor(private readonly outDir: string) {}

  private sink(file: string): Sink {
    let sink = this.sinks.get(file);
    if (!sink) {
      const path = join(this.outDir, file);
      const stream = createWriteStream(path, { encoding: 'utf8' });
      stream.on('error', (err) => {
        this.error = err;
      });
      sink = { path, stream, buffer: '' };
      this.sinks.set(file, sink);
    }
    return sink;
  }

  /** Queues one resource as a line of `<resourceType>.ndjson`. */
  add(resource: Resource): void {
    const type = resource.resourceType;
    this.sink(`${type}.ndjson`).buffer += JSON.stringify(resource) + '\n';
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
  }

  /** Queues text for a non-FHIR file (e.g. truth.csv). */
  addText(file: string, text: string): void {
    this.sink(file).buffer += text;
  }

  /** Writes out full buffers, waiting for the OS when a stream signals backpressure. */
  async drain(force = false): Promise<void> {
    for (const sink of this.sinks.values()) {
      if (sink.buffer.length >= CHUNK || (force && sink.buffer.length > 0)) {
        const chunk = sink.buffer;
        sink.buffer = '';
        if (!sink.stream.write(chunk)) {
          await once(sink.stream, 'drain');
        }
      }
      if (this.error) throw this.error;
    }
  }

  /** Flushes and closes every file; returns the file names written, sorted. */
  async close(): Promise<string[]> {
    await this.drain(true);
    await Promise.all(
      [...this.sinks.values()].map(async (sink) => {
        sink.stream.end();
        await once(sink.stream, 'finish');
      }),
    );
    if (this.error) throw this.error;
    return [...this.sinks.keys()].sort();
  }

  /** Resources written per type. */
  byType(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
