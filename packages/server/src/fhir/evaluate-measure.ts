import { OperationOutcomeError, badRequest, notFound } from '@medplum/core';
import type { Measure } from '@medplum/fhirtypes';
import { isSqlMeasureId } from '@careweave/contract';
import {
  evaluateEcqm,
  evaluateSqlMeasure,
  isEcqm,
  REPORT_TYPES,
  type ReportType,
} from '@careweave/care';
import type { MeasurePeriod, Repository } from '@careweave/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireScope } from '../api/care-http.js';
import { FHIR_JSON, queryOf } from './http.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The measurement period of `periodStart`/`periodEnd` (dates; a dateTime is cut to its date). */
export function periodOf(get: (name: string) => string | undefined): MeasurePeriod {
  const read = (name: string): string => {
    const raw = get(name);
    const value = raw && raw.length >= 10 ? raw.slice(0, 10) : raw;
    if (!value || !DATE.test(value) || Number.isNaN(Date.parse(value))) {
      throw new OperationOutcomeError(
        badRequest(`${name} is required as a date (YYYY-MM-DD)`, name),
      );
    }
    return value;
  };
  const period = { start: read('periodStart'), end: read('periodEnd') };
  if (period.end < period.start) {
    throw new OperationOutcomeError(badRequest('periodEnd is before periodStart', 'periodEnd'));
  }
  return period;
}

function param(request: FastifyRequest, name: string): string | undefined {
  const found = queryOf(request).filter(([k]) => k === name);
  return found[found.length - 1]?.[1] || undefined;
}

/**
 * `GET [base]/Measure/{id}/$evaluate-measure?periodStart=&periodEnd=&reportType=&subject=`
 * (FHIR R4 Measure-evaluate-measure, https://hl7.org/fhir/R4/measure-operation-evaluate-measure.html):
 * computes the measure now, from the data the caller may see (the access scope applies inside
 * SQL), and answers a MeasureReport — `population` → summary, `subject-list` → subject-list,
 * `subject` (the default when `subject` is given) → individual. Never reads stored MeasureReports.
 * An eCQM the engine cannot evaluate for anyone answers 422 (`processing`, naming the measure and
 * the engine's message); people it fails on among others are listed in the report (`#unevaluated`).
 * Register inside the `/fhir/R4` prefix.
 */
export function registerEvaluateMeasure(app: FastifyInstance, repo: Repository): void {
  app.get<{ Params: { id: string } }>(
    '/Measure/:id/$evaluate-measure',
    { config: { access: 'authenticated', interaction: 'operation' } },
    async (request, reply) => {
      requireScope(request, 'Measure', 'r');
      const period = periodOf((name) => param(request, name));
      const subject = param(request, 'subject');
      if (subject !== undefined && !/^Patient\/[A-Za-z0-9\-.]{1,64}$/.test(subject)) {
        throw new OperationOutcomeError(
          badRequest('subject must be Patient/<id> (one patient)', 'subject'),
        );
      }
      const rawType = param(request, 'reportType') ?? (subject ? 'subject' : 'population');
      if (!(rawType in REPORT_TYPES)) {
        throw new OperationOutcomeError(
          badRequest('reportType must be population, subject-list or subject', 'reportType'),
        );
      }
      const reportType = rawType as ReportType;
      if (reportType === 'subject' && !subject) {
        throw new OperationOutcomeError(
          badRequest('reportType=subject needs subject=Patient/<id>', 'subject'),
        );
      }
      const id = request.params.id;
      // The measure must exist as a resource (read through the caller's scope).
      const measure = await repo
        .read<Measure>(request.careweave, 'Measure', id)
        .catch((err: unknown) => {
          if (err instanceof OperationOutcomeError) throw err;
          throw new OperationOutcomeError(notFound);
        });
      if (isSqlMeasureId(measure.id)) {
        const report = await evaluateSqlMeasure(
          repo,
          request.careweave,
          measure.id,
          period,
          reportType,
          subject,
        );
        return reply.type(FHIR_JSON).send(report);
      }
      if (isEcqm(measure)) {
        const report = await evaluateEcqm(
          repo,
          request.careweave,
          measure,
          period,
          reportType,
          subject,
        );
        return reply.type(FHIR_JSON).send(report);
      }
      throw new OperationOutcomeError({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'not-supported',
            diagnostics: `Measure/${id} is not one Careweave can evaluate: neither a SQL measure nor a loaded eCQM package`,
          },
        ],
      });
    },
  );
}
