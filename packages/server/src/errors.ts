import { OperationOutcomeError, getStatus, normalizeOperationOutcome } from '@medplum/core';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyError, FastifyInstance } from 'fastify';

/** An OperationOutcome with one error issue. */
export function outcome(code: OperationOutcomeIssue['code'], text: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text } }],
  };
}

function describeBytes(bytes: number): string {
  return bytes >= 1048576
    ? `${Math.round(bytes / 1048576)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * The one place errors become HTTP responses: an `OperationOutcomeError` keeps its status
 * (decided by its outcome; store has already turned database errors such as a unique violation
 * into these, so no SQL code reaches this file), Fastify's own errors (bad JSON, body too large) map to theirs, and
 * anything else is a 500 whose details stay in the log, never in the response.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status: number;
    let body: OperationOutcome;
    if (error instanceof OperationOutcomeError) {
      body = error.outcome;
      // Medplum's status table has no 406 nor 503; our format check and store's "database
      // unavailable" mark their outcomes by id.
      status =
        body.id === 'not-acceptable' ? 406 : body.id === 'unavailable' ? 503 : getStatus(body);
      if (status === 503) void reply.header('Retry-After', '2');
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      body = outcome(
        'too-costly',
        `Request body is larger than this route's limit of ${describeBytes(request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0)}`,
      );
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      status = 415;
      body = outcome(
        'not-supported',
        `Unsupported Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')}; use application/fhir+json`,
      );
    } else if (
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
    ) {
      status = 400;
      body = outcome('invalid', 'Request body is not valid JSON');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      body = outcome('invalid', error.message);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      status = 500;
      body = normalizeOperationOutcome(new Error('Internal server error'));
    }
    void reply.status(status).type('application/fhir+json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .type('application/fhir+json; charset=utf-8')
      .send(outcome('not-found', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
