import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  MAX_RECOVERY_FILE_BYTES,
  recoveryFileSchema,
  recoveryImportResultSchema,
  recoveryKeySchema,
} from '../../../schemas/sync/recovery-file';
import { ADMIN_ROLE } from '../accounts/permissions';
import { authOf } from '../plugins/app/auth';
import { importRecoveryFile } from '../recovery/import-file';
import { recoveryKey } from '../recovery/server-key';
import { errorSchema } from './account-schemas';

/**
 * Recovery files: the public key a tablet seals its unsent work to (any signed-in person; it is
 * public), and the import of such a file (administrators only).
 */
export const recoveryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/recovery/key',
    {
      onRequest: app.requireAuth,
      schema: {
        tags: ['sync'],
        summary: 'The public key tablets seal recovery files to',
        security: [{ bearer: [] }],
        response: { 200: recoveryKeySchema, 401: errorSchema },
      },
    },
    async () => {
      const { keyId, algorithm, publicKey } = await recoveryKey(app.storage.db);
      return { keyId, algorithm, publicKey };
    },
  );

  app.post(
    '/api/admin/recovery-imports',
    {
      onRequest: app.requireRole(ADMIN_ROLE),
      bodyLimit: MAX_RECOVERY_FILE_BYTES + 4096,
      schema: {
        tags: ['admin'],
        summary: 'Apply the unsent changes in a tablet’s recovery file, each exactly once',
        security: [{ bearer: [] }],
        body: recoveryFileSchema,
        response: {
          200: recoveryImportResultSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          409: errorSchema,
          426: errorSchema,
        },
      },
    },
    async (request) => {
      const a = authOf(request);
      return importRecoveryFile(
        app.storage.db,
        request.body,
        { userId: a.userId, deviceId: a.deviceId },
        { channels: app.notifications.channels, raised: () => app.notifications.wake() },
      );
    },
  );
};
