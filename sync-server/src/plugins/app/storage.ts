import fp from 'fastify-plugin';
import type { Storage } from '../../storage/storage';

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage;
  }
}

/** Shares an opened, migrated storage with every route; closes it when the app closes. */
export const storagePlugin = fp<{ storage: Storage; closeOnShutdown: boolean }>(
  async (app, opts) => {
    app.decorate('storage', opts.storage);
    if (opts.closeOnShutdown) app.addHook('onClose', async () => opts.storage.close());
  },
  { name: 'storage' },
);
