import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { outcome } from './errors.js';

/**
 * Errors Fastify's router answers before any route or error handler runs: a URL whose
 * percent-encoding is malformed (`/Patient/%FF%FE`, a bare `%`) and a path parameter longer than
 * `maxParamLength`. Answered as every other refusal is, a 4xx with an OperationOutcome.
 */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply
    .status(tooLong ? 414 : 400)
    .type('application/fhir+json; charset=utf-8')
    .send(
      outcome(
        tooLong ? 'too-long' : 'invalid',
        tooLong
          ? 'A part of the request URL is longer than the server accepts'
          : 'The request URL is not valid (malformed percent-encoding)',
      ),
    );
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over 16 KiB, a malformed
 * request line): the connection is answered with an OperationOutcome and closed, as Fastify's
 * default handler does with its own JSON.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400;
  const text =
    status === 431
      ? 'The request headers (URL included) are larger than the server accepts'
      : status === 408
        ? 'The request was not received in time'
        : 'The request is not valid HTTP';
  const body = JSON.stringify(outcome(status === 408 ? 'timeout' : 'invalid', text));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/fhir+json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
