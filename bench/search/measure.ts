/**
 * Latency of one shape through the HTTP API beside its raw SQL lower bound, measured interleaved
 * (API request, then raw statement, for the same values) so both see the same machine load.
 */
import { Agent, request } from 'node:http';
import type { Database } from '@careweave/store';
import type { Sample, Shape } from './shapes.js';

export interface Latency {
  p50: number;
  p95: number;
  mean: number;
}

export interface ShapeResult {
  shape: string;
  samples: number;
  requests: number;
  api: Latency;
  raw: Latency;
  /** Mean entries (matches + includes) per API response. */
  meanEntries: number;
  /** API and raw returned different rows for these samples (should be none). */
  mismatches: string[];
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * GET over a kept-alive connection with node:http (lighter than fetch, so the figure is the
 * server's); `Accept-Encoding: identity` — compression would only add CPU on loopback.
 */
function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent, headers: { ...headers, 'Accept-Encoding': 'identity' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return {
    p50: at(0.5),
    p95: at(0.95),
    mean: sorted.reduce((n, v) => n + v, 0) / Math.max(1, sorted.length),
  };
}

interface BundleLike {
  entry?: { resource?: { resourceType?: string; id?: string }; search?: { mode?: string } }[];
}

/** Ids of a Bundle's matches and includes (not outcomes), in order. */
function bundleIds(bundle: BundleLike): string[] {
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== 'outcome')
    .map((e) => e.resource?.id ?? '');
}

/** Runs `requests` interleaved API/raw pairs over the samples, after one warm-up pass. */
export async function measureShape(
  db: Database,
  baseUrl: string,
  token: string,
  shape: Shape,
  samples: Sample[],
  requests: number,
): Promise<ShapeResult> {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' };
  const api = async (sample: Sample): Promise<BundleLike> => {
    const { status, text } = await get(`${baseUrl}/${shape.request(sample)}`, headers);
    if (status !== 200) {
      throw new Error(`${shape.request(sample)} answered ${status}: ${text.slice(0, 300)}`);
    }
    return JSON.parse(text) as BundleLike;
  };
  const raw = async (sample: Sample): Promise<string[]> => {
    const { sql, params } = shape.raw(sample);
    return (await db.query<{ id: string; content: string }>(sql, params)).rows.map((r) => r.id);
  };
  const mismatches: string[] = [];
  for (const sample of samples) {
    // Same rows; the API may order includes differently from the raw UNION, so compare sets.
    const viaApi = bundleIds(await api(sample));
    const viaRaw = (await raw(sample)).slice(0, shape.page);
    if (
      [...viaApi].sort().join() !== [...viaRaw].sort().join() ||
      viaApi.length !== viaRaw.length
    ) {
      mismatches.push(`${shape.request(sample)}: API ${viaApi.length} rows, raw ${viaRaw.length}`);
    }
  }
  const apiTimes: number[] = [];
  const rawTimes: number[] = [];
  let entries = 0;
  for (let i = 0; i < requests; i++) {
    const sample = samples[i % samples.length] ?? {};
    let t = performance.now();
    entries += bundleIds(await api(sample)).length;
    apiTimes.push(performance.now() - t);
    t = performance.now();
    await raw(sample);
    rawTimes.push(performance.now() - t);
  }
  return {
    shape: shape.name,
    samples: samples.length,
    requests,
    api: latency(apiTimes),
    raw: latency(rawTimes),
    meanEntries: entries / Math.max(1, requests),
    mismatches,
  };
}
