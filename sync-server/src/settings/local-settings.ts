// The authority's local settings, kept as one JSON patch in the settings table. Reading always
// gives a complete set (the stored patch over the defaults), so every caller sees the same rules.
import {
  localSettingsPatchSchema,
  resolveLocalSettings,
} from '../../../schemas/entities/local-settings';
import type { LocalSettings, LocalSettingsPatch } from '../../../schemas/entities/local-settings';
import type { Storage, Tx } from '../storage/storage';

const KEY = 'local-settings';

/** The stored patch; a value an older or newer release wrote that no longer parses is ignored. */
export async function readSettingsPatch(storage: Storage): Promise<LocalSettingsPatch> {
  const raw = await storage.getSetting(KEY);
  if (raw === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {};
  }
  const parsed = localSettingsPatchSchema.safeParse(json);
  return parsed.success ? parsed.data : {};
}

export async function readLocalSettings(storage: Storage): Promise<LocalSettings> {
  return resolveLocalSettings(await readSettingsPatch(storage));
}

/** Lays a validated patch over what is stored; returns the complete settings now in force. */
export async function writeLocalSettings(
  storage: Storage,
  patch: LocalSettingsPatch,
  tx?: Tx,
): Promise<LocalSettings> {
  const next = { ...(await readSettingsPatch(storage)), ...localSettingsPatchSchema.parse(patch) };
  await storage.setSetting(KEY, JSON.stringify(next), tx);
  return resolveLocalSettings(next);
}
