// Request bodies are JSON in UTF-8, and every string the server reads is well-formed Unicode.
// Fastify's own parser decodes broken UTF-8 into U+FFFD and lets lone surrogates and NUL through;
// PostgreSQL refuses NUL in text (a 500 where the sender deserves a 400), and a replaced or
// half-pair character would be stored as something the person never typed. So a body is decoded
// strictly, parsed by Fastify's prototype-poisoning-safe parser, and walked once, without recursion
// (a hostile body can be nested a million deep), before any route sees it. Parameters and query
// strings get the same text check.
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasBrokenText } from '../../../../schemas/sync/records';
import { AppError, ErrorCode } from '../../errors';

/** Deeper than any request of ours needs (a push is four levels deep). */
export const MAX_JSON_DEPTH = 32;

const invalidText = (where: string) =>
  new AppError(
    400,
    ErrorCode.INVALID_TEXT,
    `The ${where} contains text that is not valid Unicode (a broken character or a NUL). Send it as UTF-8 text.`,
  );

/**
 * Null when every key and string in the value is well-formed text and nesting stays shallow.
 * `fromPlainText`: the value was parsed from strictly decoded UTF-8 holding no `\u` escape, so
 * its strings cannot hold a lone surrogate (UTF-8 cannot encode one) or a NUL (JSON allows no raw
 * control character), and only the nesting needs checking.
 */
export function checkJsonValue(
  value: unknown,
  where = 'request body',
  fromPlainText = false,
): AppError | null {
  const brokenText = (s: string) => !fromPlainText && hasBrokenText(s);
  if (typeof value === 'string') return brokenText(value) ? invalidText(where) : null;
  if (value === null || typeof value !== 'object') return null;
  const stack: Array<[object, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth >= MAX_JSON_DEPTH) {
      return new AppError(
        400,
        ErrorCode.NESTING_TOO_DEEP,
        `The ${where} is nested more than ${MAX_JSON_DEPTH} levels deep; no request to this server is.`,
      );
    }
    const isArray = Array.isArray(v);
    const keys = isArray ? null : Object.keys(v);
    const n = isArray ? v.length : keys!.length;
    for (let i = 0; i < n; i++) {
      let item: unknown;
      if (isArray) {
        item = (v as unknown[])[i];
      } else {
        const key = keys![i]!;
        if (brokenText(key)) return invalidText(where);
        item = (v as Record<string, unknown>)[key];
      }
      if (typeof item === 'string') {
        if (brokenText(item)) return invalidText(where);
      } else if (item !== null && typeof item === 'object') {
        stack.push([item, depth + 1]);
      }
    }
  }
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export const jsonBodyPlugin = fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    // The API takes JSON only: anything else (text/plain included) is 415 before a route runs.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer' },
      (
        request: FastifyRequest,
        body: Buffer,
        done: (err: Error | null, value?: unknown) => void,
      ) => {
        let text: string;
        try {
          text = utf8.decode(body);
        } catch {
          done(
            new AppError(
              400,
              ErrorCode.INVALID_TEXT,
              'The request body is not valid UTF-8 text. Send it as UTF-8 JSON.',
            ),
          );
          return;
        }
        parseJson(request, text, (err, parsed) => {
          if (err) return done(err);
          const broken = checkJsonValue(parsed, 'request body', !text.includes('\\u'));
          if (broken) done(broken);
          else done(null, parsed);
        });
      },
    );
    // Path parameters and query strings arrive decoded; they are held to the same rule.
    app.addHook('preValidation', async (request) => {
      const params = checkJsonValue(request.params, 'address');
      if (params) throw params;
      const query = checkJsonValue(request.query, 'query string');
      if (query) throw query;
    });
  },
  { name: 'json-body' },
);
