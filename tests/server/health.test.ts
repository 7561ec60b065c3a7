import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { ENGINES } from '../helpers/engines';

for (const engine of ENGINES) {
  const t = await buildTestApp(engine);
  describe.skipIf(t === null)(`health on ${engine.name}`, () => {
    let ctx: TestApp;
    beforeAll(() => {
      ctx = t!;
    });
    afterAll(async () => ctx?.close());

    test('/healthz answers 200 while the process is alive', async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
    });

    test('/readyz answers 200 while the database answers, and 503 with a code when it does not', async () => {
      expect((await ctx.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      const realPing = ctx.storage.ping;
      ctx.storage.ping = async () => {
        throw new Error('connection refused');
      };
      try {
        const res = await ctx.app.inject({ method: 'GET', url: '/readyz' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toEqual({
          error: { code: 'NOT_READY', message: 'The database is not reachable.' },
        });
      } finally {
        ctx.storage.ping = realPing;
      }
    });
  });
}
