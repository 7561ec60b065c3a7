import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { ErrorCode, errorBody } from '../../errors';

// Files the browser must re-check on every load, so an update is noticed; everything under
// assets/ has a content hash in its name and never changes.
const NO_CACHE =
  /(^|\/)(service-worker\.js|sw\.js|workbox-[^/]*\.js|index\.html|manifest\.webmanifest)$/;

/**
 * Serves the built PWA. Any GET that is not an API route and not a file gets index.html, so a
 * deep link works before the service worker is installed.
 */
export const appFilesPlugin = fp<{ appDir: string }>(
  async (app, opts) => {
    const hasApp = fs.existsSync(path.join(opts.appDir, 'index.html'));
    if (hasApp) {
      await app.register(fastifyStatic, {
        root: opts.appDir,
        // Looked up on disk at each request, not listed once at start: an app rebuilt under the
        // running server names assets that did not exist when it started.
        wildcard: true,
        index: ['index.html'],
        cacheControl: false,
        // @fastify/static 10 passes the Fastify reply here, not a raw ServerResponse.
        setHeaders: (reply: { header(name: string, value: string): unknown }, filePath: string) => {
          const rel = path.relative(opts.appDir, filePath).split(path.sep).join('/');
          if (NO_CACHE.test(rel)) reply.header('Cache-Control', 'no-cache');
          else if (rel.startsWith('assets/'))
            reply.header('Cache-Control', 'public, max-age=31536000, immutable');
          else reply.header('Cache-Control', 'public, max-age=3600');
        },
      });
    }
    app.setNotFoundHandler((request, reply) => {
      const isPage =
        request.method === 'GET' &&
        !request.url.startsWith('/api/') &&
        !request.url.startsWith('/docs') &&
        !path.extname(request.url.split('?')[0] ?? '');
      if (isPage && hasApp) {
        return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
      }
      return reply
        .code(404)
        .send(
          errorBody(
            ErrorCode.NOT_FOUND,
            `There is nothing at ${request.method} ${request.url.split('?')[0]}.`,
          ),
        );
    });
  },
  { name: 'app-files' },
);
