import type { Conflict } from '../../../schemas/sync/records';
import { ownDeviceIds, resolveConflict } from '../../db';
import { useServices } from '../../lib/services';
import { useLive } from '../../lib/use-live';
import { ConflictPanel } from '../../ui/conflict-panel';
import { fieldId } from '../../ui/field-ids';

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
  // Every registration this tablet has had: an edit sent before a new one (a revoked tablet
  // signed into again) is still this tablet's.
  const own = useLive(() => ownDeviceIds(store.db), [store]);
  const open = conflicts.filter((c) => c.kind === 'text' && paths.includes(c.path));
  if (open.length === 0 || (own.loading && !own.value)) return null;
  const ownIds = new Set([...(own.value ?? []), ...(deviceId ? [deviceId] : [])]);
  return (
    <>
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
            onResolve={async (value) => {
              await resolveConflict(store.db, store.cipher, {
                recordId,
                conflictId: c.id,
                value: value === '' ? null : value,
              });
              sync.notifyLocalEdit();
            }}
          />
        );
      })}
    </>
  );
}
