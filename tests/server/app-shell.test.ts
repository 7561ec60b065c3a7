import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildTestApp } from '../helpers/build-app';
import type { TestApp } from '../helpers/build-app';
import { sqliteEngine } from '../helpers/engines';
import { assertBuilt, tempDir } from '../helpers/server-process';

let ctx: TestApp;
beforeAll(async () => {
  assertBuilt();
  ctx = (await buildTestApp())!;
});
afterAll(async () => ctx?.close());

test('the API lives under /api/: an unknown API path is a JSON 404 with a code', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/no-such-thing?caseId=AB123' });
  expect(res.statusCode).toBe(404);
  expect(res.json()).toEqual({
    error: { code: 'NOT_FOUND', message: 'There is nothing at GET /api/no-such-thing.' },
  });
});

test('everything else is the app: a deep link gets index.html, not cached', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/observations/123' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.headers['cache-control']).toBe('no-cache');
  expect(res.body).toContain('<div id="app"></div>');
});

test('the service worker and manifest are re-checked on every load; hashed assets are immutable', async () => {
  const sw = await ctx.app.inject({ method: 'GET', url: '/service-worker.js' });
  expect(sw.statusCode).toBe(200);
  expect(sw.headers['cache-control']).toBe('no-cache');
  const manifest = await ctx.app.inject({ method: 'GET', url: '/manifest.webmanifest' });
  expect(manifest.headers['cache-control']).toBe('no-cache');
  const index = await ctx.app.inject({ method: 'GET', url: '/' });
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
  expect(asset).toBeDefined();
  const res = await ctx.app.inject({ method: 'GET', url: asset! });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
});

test('a strict content security policy and other security headers are sent', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/' });
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
});

test('the OpenAPI description is served at /docs/json', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toMatch(/^3\./);
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
});

test('an app rebuilt under the running server is served whole: files added since start are found, path tricks are not', async () => {
  // The server may outlive a build of the app (an operator rebuilding in place): the new index
  // names assets that did not exist at start, and they must be served, or every page is blank.
  const dir = tempDir('obs-app-files-');
  fs.cpSync(path.resolve('dist/app'), dir, { recursive: true });
  const rebuilt = (await buildTestApp(sqliteEngine, { appDir: dir }))!;
  try {
    fs.writeFileSync(path.join(dir, 'assets', 'later-abc123.js'), 'export const later = 1;\n');
    const res = await rebuilt.app.inject({ method: 'GET', url: '/assets/later-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('later = 1');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await rebuilt.app.inject({ method: 'GET', url: '/assets/never-there.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const deep = await rebuilt.app.inject({ method: 'GET', url: '/observations/123' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="app"></div>');
    for (const url of [
      '/../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/%2e%2e/package.json',
    ]) {
      const sneaky = await rebuilt.app.inject({ method: 'GET', url });
      expect(sneaky.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(sneaky.statusCode, url).toBeLessThan(500);
    }
  } finally {
    await rebuilt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
