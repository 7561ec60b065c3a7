import { describe, expect, test } from 'vitest';
import {
  DEFAULT_LOCAL_SETTINGS,
  localSettingsPatchSchema,
  localSettingsSchema,
  resolveLocalSettings,
} from './local-settings';

describe('local settings', () => {
  test('the defaults are a complete, valid set', () => {
    expect(localSettingsSchema.parse(DEFAULT_LOCAL_SETTINGS)).toEqual(DEFAULT_LOCAL_SETTINGS);
  });

  test('a patch holds only what was set, and resolves over the defaults', () => {
    const patch = localSettingsPatchSchema.parse({ dutyPhone: '020 7946 0000' });
    expect(patch).toEqual({ dutyPhone: '020 7946 0000' });
    expect(resolveLocalSettings(patch)).toEqual({
      ...DEFAULT_LOCAL_SETTINGS,
      dutyPhone: '020 7946 0000',
    });
  });

  test('a wrong value names the field', () => {
    const r = localSettingsPatchSchema.safeParse({ dutyPhone: 'call Sam', idleLockMinutes: 0 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'dutyPhone',
      'idleLockMinutes',
    ]);
  });

  test('an unknown field is refused rather than ignored', () => {
    expect(localSettingsPatchSchema.safeParse({ dutyPhonee: '020 7946 0000' }).success).toBe(false);
  });
});
