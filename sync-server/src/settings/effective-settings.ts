// The settings as tablets receive them: the stored patch over the defaults, with the duty number
// falling back to the server's DUTY_PHONE while an administrator has not set one. Read and written
// through a Kysely executor, so an admin change and its audit entry share one transaction.
import type { Kysely } from 'kysely';
import {
  localSettingsPatchSchema,
  resolveLocalSettings,
} from '../../../schemas/entities/local-settings';
import type { LocalSettings, LocalSettingsPatch } from '../../../schemas/entities/local-settings';
import type { SettingsResponse } from '../../../schemas/admin/settings';
import { canonicalJson, sha256 } from '../audit/chain';
import type { Database } from '../storage/database';
import { lockSetting } from '../storage/locks';
import { parsePatch } from './local-settings';

export const LOCAL_SETTINGS_KEY = 'local-settings';

type Db = Kysely<Database>;

export type SettingsEnv = { DUTY_PHONE?: string | undefined };

/** The stored patch; what no longer parses (another release wrote it) is left out (parsePatch). */
export async function readPatch(db: Db): Promise<LocalSettingsPatch> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', LOCAL_SETTINGS_KEY)
    .executeTakeFirst();
  return parsePatch(row?.value);
}

export function effectiveSettings(patch: LocalSettingsPatch, env: SettingsEnv): SettingsResponse {
  const settings: LocalSettings = resolveLocalSettings(patch);
  let dutyPhoneSource: SettingsResponse['dutyPhoneSource'] = 'none';
  if (patch.dutyPhone) dutyPhoneSource = 'settings';
  else if (env.DUTY_PHONE) {
    settings.dutyPhone = env.DUTY_PHONE;
    dutyPhoneSource = 'environment';
  } else settings.dutyPhone = null;
  // A strong validator over exactly what the tablet stores: equal settings, equal version.
  const version = sha256(canonicalJson(settings)).slice(0, 32);
  return { settings, version, dutyPhoneSource };
}

export async function readEffectiveSettings(db: Db, env: SettingsEnv): Promise<SettingsResponse> {
  return effectiveSettings(await readPatch(db), env);
}

export type SettingsChange = {
  changed: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
};

/**
 * Lays a validated patch over what is stored, in the caller's transaction. Returns which fields
 * changed, with their values before and after, for the audit trail. The stored row is locked
 * before it is read, so two administrators changing different settings at once both keep their
 * change: the second merges into what the first wrote.
 */
export async function applySettingsPatch(
  tx: Db,
  patch: LocalSettingsPatch,
): Promise<SettingsChange & { stored: LocalSettingsPatch }> {
  const valid = localSettingsPatchSchema.parse(patch);
  const current = parsePatch(await lockSetting(tx, LOCAL_SETTINGS_KEY, '{}'));
  const resolvedBefore = resolveLocalSettings(current) as Record<string, unknown>;
  const next: LocalSettingsPatch = { ...current, ...valid };
  const resolvedAfter = resolveLocalSettings(next) as Record<string, unknown>;
  const change: SettingsChange = { changed: [], before: {}, after: {} };
  for (const key of Object.keys(valid) as (keyof LocalSettingsPatch)[]) {
    // Storing a default value explicitly is a change too: the authority chose it.
    const same = key in current && canonicalJson(current[key]) === canonicalJson(valid[key]);
    if (same) continue;
    change.changed.push(key);
    change.before[key] = resolvedBefore[key];
    change.after[key] = resolvedAfter[key];
  }
  if (change.changed.length > 0) {
    const now = new Date().toISOString();
    const value = JSON.stringify(next);
    await tx
      .insertInto('settings')
      .values({ key: LOCAL_SETTINGS_KEY, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
  return { ...change, stored: next };
}
