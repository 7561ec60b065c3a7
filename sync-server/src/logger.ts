import type { FastifyServerOptions } from 'fastify';
import { AppError } from './errors';

// Logs carry request ids, methods, paths and status codes; never bodies, tokens, names or case
// IDs. Query strings are dropped because a search could contain a case ID.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'res.body',
  '*.password',
  '*.token',
  '*.caseId',
  '*.name',
  '*.email',
];

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: errorForLog,
    },
  };
}

const NOT_LOGGED = '(not logged: it may quote what it was given)';

type LoggedError = Error & {
  code?: unknown;
  statusCode?: unknown;
  constraint?: unknown;
  table?: unknown;
};

/**
 * An error as the logs keep it: its kind, its codes and where it was thrown, but not its message
 * (only ours, which we write without personal data): a database's or a library's message, or a
 * PostgreSQL error's detail, can quote the values it was given, a case ID or an email address
 * among them, and a response serialisation error carries the URL with its query string.
 */
export function errorForLog(err: unknown): {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
} {
  if (!(err instanceof Error)) return { type: typeof err, message: NOT_LOGGED, stack: '' };
  const e = err as LoggedError;
  const named = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  return {
    type: e.constructor.name,
    message: err instanceof AppError ? e.message : NOT_LOGGED,
    ...(named(e.code) ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    // PostgreSQL names the constraint and table involved, which say where without saying what.
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
    stack: (e.stack ?? '')
      .split('\n')
      .filter((line) => line.startsWith('    at '))
      .join('\n'),
    ...(e.cause !== undefined ? { cause: errorForLog(e.cause) } : {}),
  };
}
