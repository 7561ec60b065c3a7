// Request bodies are JSON in UTF-8, and every string the server reads is well-formed Unicode.
// Fastify's own parser decodes broken UTF-8 into U+FFFD and lets lone surrogates and NUL through;
// PostgreSQL refuses NUL in text (a 500 where the sender deserves a 400), and a replaced or
// half-pair character would be stored as something the person never typed. So a body is decoded
// strictly, parsed by Fastify's prototype-poisoning-safe parser, and walked once, without recursion
// (a hostile body can be nested a million deep), before any route sees it. Parameters and query
// strings get the same text check.
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ErrorCode } from '../../errors';

/** Deeper than any request of ours needs (a push is four levels deep). */
export const MAX_JSON_DEPTH = 32;

// With the u flag a lone surrogate is a code point of category Cs; a proper pair is not. NUL is
// refused by name, since no text a person types contains it.
// eslint-disable-next-line no-control-regex
const BROKEN_TEXT = /[\p{Cs}\u0000]/u;

const invalidText = (where: string) =>
  new AppError(
    400,
    ErrorCode.INVALID_TEXT,
    `The ${where} contains text that is not valid Unicode (a broken character or a NUL). Send it as UTF-8 text.`,
  );

/** Null when every key and string in the value is well-formed text and nesting stays shallow. */
export function checkJsonValue(value: unknown, where = 'request body'): AppError | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (BROKEN_TEXT.test(v)) return invalidText(where);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      return new AppError(
        400,
        ErrorCode.NESTING_TOO_DEEP,
        `The ${where} is nested more than ${MAX_JSON_DEPTH} levels deep; no request to this server is.`,
      );
    }
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      if (BROKEN_TEXT.test(key)) return invalidText(where);
      stack.push([item, depth + 1]);
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
          const broken = checkJsonValue(parsed);
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
