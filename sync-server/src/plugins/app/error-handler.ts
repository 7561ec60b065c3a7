import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ErrorCode, errorBody } from '../../errors';

type FastifyLikeError = Error & { statusCode?: number; code?: string };

// Fastify's own client errors, mapped to our codes and plain words.
const FASTIFY_CLIENT_ERRORS: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: ErrorCode.BODY_TOO_LARGE,
    message: 'The request is too large. Send fewer changes at a time.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    message: 'Send the request as application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCode.BAD_REQUEST,
    message: 'The request body is empty; it must be JSON.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: ErrorCode.BAD_REQUEST,
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: ErrorCode.BAD_REQUEST,
    message: 'The request body is not as long as its Content-Length says.',
  },
};

/**
 * The router's own errors (a broken %-escape, an over-long parameter) arrive before any hook or
 * the error handler; Fastify would answer them in its shape, not ours.
 */
export function answerFrameworkError(
  err: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.code(414).send(errorBody(ErrorCode.BAD_URL, 'A part of the address is too long.'));
    return;
  }
  void reply
    .code(400)
    .send(errorBody(ErrorCode.BAD_URL, 'The address is not valid: it has a broken %-escape.'));
}

/** One error handler: a stable code and a message for every error; internals never leave. */
export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyLikeError, request, reply) => {
      if (err instanceof AppError) {
        return reply.code(err.statusCode).send(errorBody(err.code, err.message, err.details));
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const details = err.validation.map((v) => ({
          path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          message: v.message,
        }));
        const first = details[0];
        return reply
          .code(400)
          .send(
            errorBody(
              ErrorCode.VALIDATION_FAILED,
              first ? `${first.path || 'request'}: ${first.message}` : 'The request is not valid.',
              details,
            ),
          );
      }
      if (err.code && FASTIFY_CLIENT_ERRORS[err.code]) {
        const known = FASTIFY_CLIENT_ERRORS[err.code]!;
        return reply.code(err.statusCode ?? 400).send(errorBody(known.code, known.message));
      }
      if (err.statusCode === 429) {
        return reply
          .code(429)
          .send(
            errorBody(ErrorCode.RATE_LIMITED, 'Too many requests. Wait a minute and try again.'),
          );
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return reply.code(err.statusCode).send(
          errorBody(
            // Fastify's own codes are its internals, not part of our API.
            err.code && !err.code.startsWith('FST_') ? err.code : ErrorCode.BAD_REQUEST,
            'The request could not be accepted.',
          ),
        );
      }
      request.log.error({ err }, 'unhandled error');
      return reply
        .code(500)
        .send(
          errorBody(ErrorCode.INTERNAL, 'Something went wrong on the server. Try again later.'),
        );
    });
  },
  { name: 'error-handler' },
);
