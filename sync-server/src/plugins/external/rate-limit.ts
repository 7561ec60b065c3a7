import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/** A per-address request budget; sign-in gets a much tighter one of its own. */
export const rateLimitPlugin = fp<{ perMinute: number }>(
  async (app, opts) => {
    await app.register(rateLimit, {
      global: true,
      max: opts.perMinute,
      timeWindow: '1 minute',
    });
  },
  { name: 'rate-limit' },
);
