// The people of one team who use the app, from the directory (fetched online and kept sealed on
// the tablet, so the last list is there with no signal), for choosing whose account an improvement
// action belongs to. Linked to an account, an action moves to a colleague when its owner leaves
// (an administrator's leaver reassignment); a name alone cannot be followed.
import { roleLabels } from '../../schemas/api/account';
import { directoryResponseSchema } from '../../schemas/api/directory';
import type { FieldValue } from '../../schemas/entities/field-value';
import { getRecord } from '../db';
import { useOnlineReport } from './use-online-report';
import { useLive } from './use-live';
import { useServices } from './services';

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

/** A name this observation already holds, offered for an action's owner. */
export type NamedOwner = { text: string; userId?: string };

/**
 * Who an observation already names, for "Who will do it" (WCAG 3.3.7, Redundant Entry): the
 * person observed (name and role, as the field's hint asks), then the owners typed on its other
 * actions, each once, leaving out what the field already holds. Most actions fall to the person
 * observed, whose name and role were typed on the set-up page; offered here they are one tap, not
 * typed again for every action.
 */
export function ownersNamedBefore(
  observed: { observedName?: string; observedRole?: string; observedUserId?: string },
  otherActions: readonly { ownerName?: string; ownerUserId?: string }[],
  current: FieldValue | undefined,
): NamedOwner[] {
  const key = (s: string) => s.trim().toLocaleLowerCase('en-GB');
  const seen = new Set([typeof current === 'string' ? key(current) : '']);
  const named: NamedOwner[] = [];
  const add = (text: string, userId: string | undefined) => {
    if (seen.has(key(text))) return;
    seen.add(key(text));
    named.push(userId ? { text: text.trim(), userId } : { text: text.trim() });
  };
  const name = observed.observedName?.trim();
  if (name) {
    const role = observed.observedRole?.trim();
    add(role ? `${name}, ${role}` : name, observed.observedUserId);
  }
  for (const a of otherActions) if (a.ownerName?.trim()) add(a.ownerName, a.ownerUserId);
  return named;
}

/** Two ways of writing one name: spaces at the ends or between the words, and capitals, aside. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
  return a !== undefined && b !== undefined && key(a) !== '' && key(a) === key(b);
}

/**
 * The name of the account an observation is linked to (`context.observedUserId`), as the tablet
 * knows it: from the team's directory, else from the assignment that named that account (a guest
 * observer's directory lists nobody). Undefined while it is not known; null with no account.
 */
export function useLinkedAccountName(
  userId: string | undefined,
  assignmentId: string | undefined,
): string | null | undefined {
  const { store } = useServices();
  const directory = useOnlineReport(
    'directory',
    userId ? '/api/directory' : null,
    directoryResponseSchema,
  );
  const assignment = useLive(
    async () =>
      userId && assignmentId
        ? ((await getRecord(store.db, store.cipher, assignmentId)) ?? null)
        : null,
    [userId, assignmentId, store],
  );
  if (!userId) return null;
  const person = directory.value?.people.find((p) => p.id === userId);
  if (person) return person.displayName;
  const planned = assignment.value?.fields;
  const name = planned?.['observedName'];
  return planned?.['observedUserId'] === userId && typeof name === 'string' && name.trim()
    ? name.trim()
    : undefined;
}
