// The authority's settings and published checklists, fetched after a clean sync. Each answer
// carries a version (also its ETag): the tablet asks with If-None-Match and a 304 costs nothing.
// On an older server without these routes the tablet keeps what it has.
import { settingsResponseSchema } from '../../schemas/admin/settings';
import { templatesResponseSchema } from '../../schemas/admin/templates';
import type { LocalSettings } from '../../schemas/entities/local-settings';
import type { Template } from '../../schemas/entities/template';
import { recoveryKeySchema } from '../../schemas/sync/recovery-file';
import type { RecoveryKey } from '../../schemas/sync/recovery-file';
import { api } from '../lib/api';

export type CatalogueVersions = { settings: string | null; templates: string | null };

export type ServerCatalogue = {
  settings: LocalSettings | null;
  templates: Template[] | null;
  versions: CatalogueVersions;
};

/** The key recovery files are sealed to; fetched once while there is a signal, kept for when not. */
export async function fetchRecoveryKey(token: string): Promise<RecoveryKey | null> {
  const found = await api('/api/recovery/key', { token, schema: recoveryKeySchema });
  return found.ok ? found.value : null;
}

export async function fetchServerCatalogue(
  token: string,
  known: CatalogueVersions,
): Promise<ServerCatalogue> {
  const ifNoneMatch = (v: string | null) => (v ? { 'if-none-match': `"${v}"` } : undefined);
  const [settings, templates] = await Promise.all([
    api('/api/settings', {
      token,
      schema: settingsResponseSchema,
      headers: ifNoneMatch(known.settings) ?? {},
      allowNotModified: true,
    }),
    api('/api/templates', {
      token,
      schema: templatesResponseSchema,
      headers: ifNoneMatch(known.templates) ?? {},
      allowNotModified: true,
    }),
  ]);
  return {
    settings: settings.ok && settings.value ? settings.value.settings : null,
    templates:
      templates.ok && templates.value ? templates.value.templates.map((t) => t.template) : null,
    versions: {
      settings: settings.ok && settings.value ? settings.value.version : known.settings,
      templates: templates.ok && templates.value ? templates.value.version : known.templates,
    },
  };
}
