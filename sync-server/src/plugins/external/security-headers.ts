import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

// Sent only on a secure request (HTTPS to this server, or X-Forwarded-Proto: https from a trusted
// proxy): browsers ignore it over plain HTTP, and on a plain-HTTP test or LAN address it would
// only mislead. Two years, with subdomains, as the UK government's guidance asks.
export const HSTS = 'max-age=63072000; includeSubDomains';

/** Strict security headers: the app loads nothing from anywhere but its own origin. */
export const securityHeadersPlugin = fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
      return payload;
    });
  },
  { name: 'security-headers' },
);
