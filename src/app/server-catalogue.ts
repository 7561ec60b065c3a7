// The authority's settings and published checklists, fetched after a clean sync. Both endpoints
// may be missing on an older server; then the tablet keeps what it has.
import { z } from 'zod';
import { localSettingsSchema } from '../../schemas/entities/local-settings';
import type { LocalSettings } from '../../schemas/entities/local-settings';
import { templateSchema } from '../../schemas/entities/template';
import type { Template } from '../../schemas/entities/template';
import { api } from '../lib/api';

export type ServerCatalogue = { settings: LocalSettings | null; templates: Template[] | null };

const templatesResponse = z.object({ templates: z.array(templateSchema) });

export async function fetchServerCatalogue(token: string): Promise<ServerCatalogue> {
  const [settings, templates] = await Promise.all([
    api('/api/settings', { token, schema: z.object({ settings: localSettingsSchema }) }),
    api('/api/templates', { token, schema: templatesResponse }),
  ]);
  return {
    settings: settings.ok ? settings.value.settings : null,
    templates: templates.ok ? templates.value.templates : null,
  };
}
