import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  publicLegalResponseSchema,
  settingsResponseSchema,
  settingsUpdateRequestSchema,
  settingsUpdateResponseSchema,
} from '../../../schemas/admin/settings';
import { audited } from '../accounts/audited';
import { ADMIN_ROLE } from '../accounts/permissions';
import { authOf } from '../plugins/app/auth';
import {
  LOCAL_SETTINGS_KEY,
  applySettingsPatch,
  effectiveSettings,
  readEffectiveSettings,
} from '../settings/effective-settings';
import type { SettingsEnv } from '../settings/effective-settings';
import { errorSchema } from './account-schemas';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };
const security = [{ bearer: [] }];

/** `"v"` or `W/"v"`, possibly several, as If-None-Match carries them. */
function matches(ifNoneMatch: string | undefined, version: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .includes(`"${version}"`);
}

/**
 * The authority's local settings: every signed-in user reads them (tablets at each sync, cheaply
 * with If-None-Match); only an administrator changes them, and each change is audited.
 */
export const settingsRoutes: FastifyPluginAsyncZod<{ env: SettingsEnv }> = async (app, opts) => {
  // The public sector accessibility regulations want the statement reachable by anyone, and a
  // privacy notice is read before signing in: both are public, with nothing else of the settings.
  app.get(
    '/api/legal',
    {
      schema: {
        tags: ['settings'],
        summary: 'The authority’s name, accessibility statement and privacy notice, for anyone',
        response: { 200: publicLegalResponseSchema },
      },
    },
    async (_request, reply) => {
      const { settings } = await readEffectiveSettings(app.storage.db, opts.env);
      reply.header('cache-control', 'public, max-age=300');
      return {
        authorityName: settings.authorityName,
        accessibilityStatement: settings.accessibilityStatement ?? null,
        privacyNotice: settings.privacyNotice ?? null,
      };
    },
  );

  app.get(
    '/api/settings',
    {
      onRequest: app.requireAuth,
      schema: {
        tags: ['settings'],
        security,
        summary: 'The local settings in force, for the tablet to keep',
        description:
          'Send the last ETag in If-None-Match: the answer is 304 with no body while nothing changed.',
        response: { 200: settingsResponseSchema, 304: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const view = await readEffectiveSettings(app.storage.db, opts.env);
      reply.header('etag', `"${view.version}"`).header('cache-control', 'private, no-cache');
      if (matches(request.headers['if-none-match'], view.version)) {
        return reply.code(304).send(null);
      }
      return view;
    },
  );

  app.put(
    '/api/admin/settings',
    {
      onRequest: app.requireRole(ADMIN_ROLE),
      schema: {
        tags: ['admin', 'settings'],
        security,
        summary: 'Change some of the local settings (administrators)',
        description:
          'The body holds only the fields to change. A null dutyPhone clears it (the server’s DUTY_PHONE then applies).',
        body: settingsUpdateRequestSchema,
        response: { 200: settingsUpdateResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const result = await audited(
        app.storage.db,
        { userId: auth.userId, deviceId: auth.deviceId },
        (tx) => applySettingsPatch(tx, request.body),
        (r) =>
          r.changed.length === 0
            ? null
            : {
                action: 'admin:update-settings',
                recordId: LOCAL_SETTINGS_KEY,
                content: { changed: r.changed, before: r.before, after: r.after },
              },
      );
      const view = effectiveSettings(result.stored, opts.env);
      reply.header('etag', `"${view.version}"`);
      return { ...view, changed: result.changed };
    },
  );
};
