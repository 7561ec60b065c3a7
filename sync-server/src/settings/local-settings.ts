// The authority's local settings, kept as one JSON patch in the settings table. Reading always
// gives a complete set (the stored patch over the defaults), so every caller sees the same rules.
import {
  localSettingsPatchSchema,
  resolveLocalSettings,
} from '../../../schemas/entities/local-settings';
import type { LocalSettings, LocalSettingsPatch } from '../../../schemas/entities/local-settings';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database';
import type { Storage, Tx } from '../storage/storage';

const KEY = 'local-settings';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A stored value. What an older or newer release wrote that no longer parses is ignored, one
 * field (one timescale) at a time, so the rest stands: a local timescale longer than the law,
 * which releases before 6 December 2026 accepted, gives way to the statutory one and takes
 * nobody's notification addresses with it.
 */
export function parsePatch(raw: string | undefined): LocalSettingsPatch {
  if (raw === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {};
  }
  const parsed = localSettingsPatchSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  if (!isObject(json)) return {};
  let patch: LocalSettingsPatch = {};
  for (const [key, value] of Object.entries(json)) {
    const one = localSettingsPatchSchema.safeParse({ [key]: value });
    if (one.success) patch = { ...patch, ...one.data };
    else if (key === 'timescales' && isObject(value)) {
      const kept = Object.entries(value).filter(
        ([rule, spec]) =>
          localSettingsPatchSchema.safeParse({ timescales: { [rule]: spec } }).success,
      );
      patch = { ...patch, timescales: Object.fromEntries(kept) };
    }
  }
  return patch;
}

/** The stored patch. */
export async function readSettingsPatch(storage: Storage): Promise<LocalSettingsPatch> {
  return parsePatch(await storage.getSetting(KEY));
}

/** The settings in force, read through any executor: a transaction, or a migration's database. */
export async function readLocalSettingsWith(db: Kysely<Database>): Promise<LocalSettings> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', KEY)
    .executeTakeFirst();
  return resolveLocalSettings(parsePatch(row?.value));
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
