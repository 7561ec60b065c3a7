// The people of one team who use the app, from the directory (fetched online and kept sealed on
// the tablet, so the last list is there with no signal), for choosing whose account an improvement
// action belongs to. Linked to an account, an action moves to a colleague when its owner leaves
// (an administrator's leaver reassignment); a name alone cannot be followed.
import { roleLabels } from '../../schemas/api/account';
import { directoryResponseSchema } from '../../schemas/api/directory';
import type { FieldValue } from '../../schemas/entities/field-value';
import { useOnlineReport } from './use-online-report';

export type OwnerChoice = { value: string; label: string; name: string };

/** Who in the team an action can be linked to; an account already linked stays offered. */
export function useActionOwners(
  scopeId: string | null,
  current: FieldValue | undefined,
): OwnerChoice[] {
  const directory = useOnlineReport('directory', '/api/directory', directoryResponseSchema);
  const people = (directory.value?.people ?? []).filter(
    (p) => p.role !== 'admin' && scopeId !== null && p.scopeIds.includes(scopeId),
  );
  const choices = people
    .map((p) => ({
      value: p.id,
      label: `${p.displayName} (${roleLabels[p.role]})`,
      name: p.displayName,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
  if (typeof current === 'string' && current && !choices.some((c) => c.value === current))
    choices.push({ value: current, label: 'Someone no longer in this team', name: '' });
  return choices;
}

/**
 * The fields to save when an account is chosen (or unlinked): the name is filled in from the
 * account only when none has been typed, so a name and role written by hand are kept.
 */
export function ownerChange(
  choice: OwnerChoice | undefined,
  typedName: FieldValue | undefined,
): Record<string, FieldValue> {
  if (!choice) return { ownerUserId: null };
  const named = typeof typedName === 'string' && typedName.trim() !== '';
  return named || !choice.name
    ? { ownerUserId: choice.value }
    : { ownerUserId: choice.value, ownerName: choice.name };
}
