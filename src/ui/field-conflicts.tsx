import { useState } from 'preact/hooks';
import type { Conflict } from '../../schemas/sync/records';
import { ownDeviceIds, resolveConflict } from '../db';
import { useServices } from '../lib/services';
import { useLive } from '../lib/use-live';
import { ConflictPanel, keptWords } from './conflict-panel';
import type { Kept } from './conflict-panel';
import { fieldId } from './field-ids';
import { FocusedConfirmation } from './focused-confirmation';

const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Every open conflict on the given paths, each offering "Keep mine", "Keep theirs" or a merge. */
export function FieldConflicts({
  conflicts,
  paths,
  recordId,
  label,
}: {
  conflicts: Conflict[];
  paths: string[];
  recordId: string;
  label: string;
}) {
  const { store, deviceId, sync } = useServices();
  // What was last settled here: said where the panel was, as the button pressed has gone with it.
  const [settled, setSettled] = useState<{ kept: Kept; count: number } | null>(null);
  // Every registration this tablet has had: an edit sent before a new one (a revoked tablet
  // signed into again) is still this tablet's.
  const own = useLive(() => ownDeviceIds(store.db), [store]);
  const open = conflicts.filter((c) => c.kind === 'text' && paths.includes(c.path));
  const confirmation = settled ? (
    <FocusedConfirmation key={settled.count}>
      {keptWords[settled.kept]}
      <span class="govuk-visually-hidden"> – {label}</span>
    </FocusedConfirmation>
  ) : null;
  if (open.length === 0 || (own.loading && !own.value)) return confirmation;
  const ownIds = new Set([...(own.value ?? []), ...(deviceId ? [deviceId] : [])]);
  return (
    <>
      {confirmation}
      {open.map((c) => {
        // The incoming text is the edit the server could not merge: it is this tablet's when this
        // tablet sent it, otherwise the other device's.
        const mineIsIncoming = ownIds.has(c.deviceId);
        const mine = asText(mineIsIncoming ? c.incoming : c.current);
        const theirs = asText(mineIsIncoming ? c.current : c.incoming);
        return (
          <ConflictPanel
            key={c.id}
            id={fieldId(c.path)}
            label={label}
            mine={mine}
            theirs={theirs}
            draft={`conflict:${recordId}:${c.id}`}
            onResolve={async (value, kept) => {
              await resolveConflict(store.db, store.cipher, {
                recordId,
                conflictId: c.id,
                value: value === '' ? null : value,
              });
              sync.notifyLocalEdit();
              setSettled((s) => ({ kept, count: (s?.count ?? 0) + 1 }));
            }}
          />
        );
      })}
    </>
  );
}
