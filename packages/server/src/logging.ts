import type { FastifyRequest } from 'fastify';
import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * What a request looks like in the log: method, the route pattern it matched and the path
 * without its query string. Query strings carry search criteria — names, birth dates, social
 * security numbers (`Patient?name=Delgado&identifier=…`) — so they never reach the log; the path
 * holds at most resource types and ids, which name no one.
 */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  return {
    method: request.method,
    route: request.routeOptions?.url,
    path: query === -1 ? url : url.slice(0, query),
    remoteAddress: request.ip,
  };
}

/**
 * Errors in the log keep their type, code and stack but not their message when it may quote
 * input: a database error's detail or a validation message can repeat what a client sent.
 */
function errorForLog(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const serialized = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  delete serialized['detail'];
  delete serialized['where'];
  return serialized;
}

/** The server's pino options: the level and the serializers above. */
export function serverLoggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: {
      req: requestForLog as (value: unknown) => unknown,
      err: errorForLog,
    },
  };
}

/** The server's logger (JSON lines on stdout, or the destination given). */
export function createServerLogger(level: string, destination?: pino.DestinationStream): Logger {
  return destination
    ? pino(serverLoggerOptions(level), destination)
    : pino(serverLoggerOptions(level));
}
