import { importCcda } from '@careweave/care';
import type { Repository } from '@careweave/store';
import type { FastifyInstance } from 'fastify';
import { FHIR_JSON } from './http.js';

/** The media types a C-CDA document may be posted as (it is an XML document, HL7 CDA R2). */
const CCDA_TYPES = ['application/xml', 'text/xml', 'application/cda+xml'];

/**
 * `POST Patient/{id}/$import-ccda` with a C-CDA document (e.g. a discharge summary) as the XML
 * body: its clinical content is filed for that patient in one FHIR transaction, answered with
 * the transaction-response Bundle. Needs create on every type (the document decides which).
 */
export function registerCcdaImport(app: FastifyInstance, repo: Repository): void {
  void app.register(async (scoped) => {
    scoped.addContentTypeParser(CCDA_TYPES, { parseAs: 'string' }, (_request, body, done) => {
      done(null, body.toString());
    });
    scoped.post<{ Params: { id: string } }>(
      '/Patient/:id/$import-ccda',
      { config: { access: 'authenticated', interaction: 'import-document' } },
      async (request, reply) => {
        const body = typeof request.body === 'string' ? request.body : '';
        const result = await importCcda(repo, request.careweave, request.params.id, body);
        return reply.type(FHIR_JSON).send(result.response);
      },
    );
  });
}
