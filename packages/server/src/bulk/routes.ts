import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Group } from '@medplum/fhirtypes';
import { listResourceTypes } from '@careweave/fhir';
import {
  createExportJob,
  deleteExportJob,
  findExportJob,
  listExportFiles,
  readExportFile,
  type Database,
  type ExportJob,
  type ExportOwner,
  type Repository,
} from '@careweave/store';
import type { Identity } from '@careweave/care';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { outcome } from '../errors.js';
import { identityContexts } from '../auth/guard.js';
import { FHIR_BASE, FHIR_JSON, fhirBase, queryOf } from '../fhir/http.js';
import { inPatientCompartment, parseExportParams, type ExportLevel } from './params.js';
import { exportableTypes } from './run-export.js';
import type { ExportWorker } from './worker.js';

/** Where a job's status is polled (relative to the FHIR base). */
export const STATUS_PATH = '$export-status';
/** Where a job's files are downloaded (relative to the FHIR base). */
export const FILE_PATH = '$export-file';

const NDJSON = 'application/fhir+ndjson';

function ownerOf(identity: Identity): ExportOwner {
  return identity.kind === 'system'
    ? { kind: 'system', id: identity.clientId }
    : { kind: 'user', id: identity.accountId };
}

function notFound(text: string): OperationOutcomeError {
  return new OperationOutcomeError({
    resourceType: 'OperationOutcome',
    id: 'not-found',
    issue: [{ severity: 'error', code: 'not-found', details: { text } }],
  });
}

/**
 * The job, when the caller started it; another caller gets the same 404 as for a job that does
 * not exist, so export ids reveal nothing.
 */
async function ownJob(db: Database, request: FastifyRequest, id: string): Promise<ExportJob> {
  const job = await findExportJob(db, id);
  const identity = request.identity;
  const owner = identity ? ownerOf(identity) : undefined;
  if (!job || !owner || job.owner.kind !== owner.kind || job.owner.id !== owner.id) {
    throw notFound(`No export ${id} of yours`);
  }
  return job;
}

function sendGone(reply: FastifyReply): FastifyReply {
  return reply
    .code(410)
    .type(FHIR_JSON)
    .send(
      outcome('not-found', 'This export has expired and its files were deleted; start a new one'),
    );
}

/**
 * Bulk Data Access 2.0 `$export`: kick-off at system, `Patient` and `Group/{id}` level (202 and a
 * status URL), polling (202 with `X-Progress`/`Retry-After`, then 200 and the manifest), cancel
 * (`DELETE` on the status URL) and the NDJSON files (bearer token of the job's owner). Jobs and
 * files are database rows run by `worker.ts`, so any server answers for any job.
 */
export function registerBulkExportRoutes(
  fhir: FastifyInstance,
  deps: { db: Database; repo: Repository; worker: ExportWorker; publicBase?: string | undefined },
): void {
  const { db, repo, worker } = deps;
  const now = worker.options.now;

  const kickOff = async (
    request: FastifyRequest,
    reply: FastifyReply,
    level: ExportLevel,
  ): Promise<FastifyReply> => {
    if (!/respond-async/i.test(String(request.headers['prefer'] ?? ''))) {
      throw new OperationOutcomeError(
        badRequest('$export runs asynchronously: send "Prefer: respond-async"'),
      );
    }
    const identity = request.identity as Identity;
    const params = parseExportParams(level, queryOf(request));
    if (level.kind === 'group') {
      await repo.read<Group>(request.careweave, 'Group', level.groupId); // 404 when not visible
    }
    const candidates = (params.types ?? listResourceTypes()).filter(
      (t) => level.kind === 'system' || inPatientCompartment(t),
    );
    if (exportableTypes(candidates, identity.scopes, identityContexts(identity)).length === 0) {
      throw new OperationOutcomeError({
        ...outcome(
          'forbidden',
          "The access token's scopes allow exporting none of these types (read and search needed)",
        ),
        id: 'forbidden',
      });
    }
    const base = fhirBase(request, deps.publicBase);
    const job = await createExportJob(db, {
      id: randomUUID(),
      owner: ownerOf(identity),
      scopes: identity.scopes,
      requestUrl: `${base.slice(0, base.length - FHIR_BASE.length)}${request.url}`,
      params: params as unknown as Record<string, unknown>,
    });
    worker.wake();
    return reply
      .code(202)
      .header('Content-Location', `${base}/${STATUS_PATH}/${job.id}`)
      .type(FHIR_JSON)
      .send({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'information',
            code: 'informational',
            details: { text: `Export ${job.id} queued; poll the Content-Location URL` },
          },
        ],
      });
  };

  const kickOffConfig = {
    config: { access: 'authenticated' as const, interaction: 'export' as const },
  };
  fhir.get('/$export', kickOffConfig, (request, reply) =>
    kickOff(request, reply, { kind: 'system' }),
  );
  fhir.get('/Patient/$export', kickOffConfig, (request, reply) =>
    kickOff(request, reply, { kind: 'patient' }),
  );
  fhir.get<{ Params: { id: string } }>('/Group/:id/$export', kickOffConfig, (request, reply) =>
    kickOff(request, reply, { kind: 'group', groupId: request.params.id }),
  );

  const jobConfig = {
    config: { access: 'authenticated' as const, interaction: 'bulk-job' as const },
  };
  fhir.get<{ Params: { id: string } }>(`/${STATUS_PATH}/:id`, jobConfig, async (request, reply) => {
    const job = await ownJob(db, request, request.params.id);
    if (job.status === 'queued' || job.status === 'running') {
      return reply
        .code(202)
        .header('X-Progress', job.status === 'queued' ? 'queued' : (job.progress ?? 'running'))
        .header('Retry-After', String(Math.max(1, Math.ceil(worker.options.pollMs / 1000))))
        .header('Cache-Control', 'no-store')
        .send();
    }
    if (job.expiresAt && job.expiresAt <= now()) {
      return sendGone(reply);
    }
    if (job.status === 'failed') {
      return reply
        .code(500)
        .type(FHIR_JSON)
        .send(outcome('exception', `The export failed: ${job.error ?? 'unknown error'}`));
    }
    const base = fhirBase(request, deps.publicBase);
    const files = await listExportFiles(db, job.id);
    const entry = (f: (typeof files)[number]): { type: string; url: string; count: number } => ({
      type: f.resourceType,
      url: `${base}/${FILE_PATH}/${job.id}/${f.seq}.ndjson`,
      count: f.count,
    });
    return reply
      .code(200)
      .header('Expires', (job.expiresAt ?? now()).toUTCString())
      .header('Cache-Control', 'no-store')
      .type('application/json')
      .send({
        transactionTime: (job.transactionTime ?? job.createdAt).toISOString(),
        request: job.requestUrl,
        requiresAccessToken: true,
        output: files.filter((f) => f.kind === 'output').map(entry),
        error: files.filter((f) => f.kind === 'error').map(entry),
      });
  });

  fhir.delete<{ Params: { id: string } }>(
    `/${STATUS_PATH}/:id`,
    jobConfig,
    async (request, reply) => {
      const job = await ownJob(db, request, request.params.id);
      await deleteExportJob(db, job.id); // the files go with it; a running worker stops
      return reply
        .code(202)
        .type(FHIR_JSON)
        .send({
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'information',
              code: 'informational',
              details: { text: `Export ${job.id} cancelled; its files are deleted` },
            },
          ],
        });
    },
  );

  fhir.get<{ Params: { id: string; file: string } }>(
    `/${FILE_PATH}/:id/:file`,
    jobConfig,
    async (request, reply) => {
      const job = await ownJob(db, request, request.params.id);
      const m = /^(\d{1,9})\.ndjson$/.exec(request.params.file);
      if (job.expiresAt && job.expiresAt <= now()) {
        return sendGone(reply);
      }
      const content =
        m && job.status === 'completed'
          ? await readExportFile(db, job.id, Number(m[1]))
          : undefined;
      if (content === undefined) {
        throw notFound(`No file ${request.params.file} in export ${job.id}`);
      }
      return reply.code(200).header('Cache-Control', 'no-store').type(NDJSON).send(content);
    },
  );
}
