import { useState } from 'preact/hooks';
import { ownDeviceIds, resolveConflict, settleKeptText } from '../db';
import type { ShownConflict } from '../db';
import { useServices } from '../lib/services';
import { useLive } from '../lib/use-live';
import { ConflictPanel, deviceWords, keptHereWords } from './conflict-panel';
import type { Kept, PanelWords } from './conflict-panel';
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
  conflicts: ShownConflict[];
  paths: string[];
  recordId: string;
  label: string;
}) {
  const { store, deviceId, sync } = useServices();
  // What was last settled here: said where the panel was, as the button pressed has gone with it.
  const [settled, setSettled] = useState<{
    kept: Kept;
    words: PanelWords;
    count: number;
  } | null>(null);
  // Every registration this tablet has had: an edit sent before a new one (a revoked tablet
  // signed into again) is still this tablet's.
  const own = useLive(() => ownDeviceIds(store.db), [store]);
  const open = conflicts.filter((c) => c.kind === 'text' && paths.includes(c.path));
  const confirmation = settled ? (
    <FocusedConfirmation key={settled.count}>
      {settled.words.kept[settled.kept]}
      <span class="govuk-visually-hidden"> – {label}</span>
    </FocusedConfirmation>
  ) : null;
  if (open.length === 0 || (own.loading && !own.value)) return confirmation;
  const ownIds = new Set([...(own.value ?? []), ...(deviceId ? [deviceId] : [])]);
  return (
    <>
      {confirmation}
      {open.map((c) => {
        // A text kept on this tablet: the field as it is now, and the text one window's save
        // replaced. Otherwise the incoming text is the edit the server could not merge: it is this
        // tablet's when this tablet sent it, otherwise the other device's.
        const mineIsIncoming = !c.keptHere && ownIds.has(c.deviceId);
        const mine = asText(mineIsIncoming ? c.incoming : c.current);
        const theirs = asText(mineIsIncoming ? c.current : c.incoming);
        const words = c.keptHere ? keptHereWords : deviceWords;
        return (
          <ConflictPanel
            key={c.id}
            id={fieldId(c.path)}
            label={label}
            mine={mine}
            theirs={theirs}
            words={words}
            draft={`conflict:${recordId}:${c.id}`}
            onResolve={async (value, kept) => {
              const chosen = value === '' ? null : value;
              if (c.keptHere) {
                await settleKeptText(store.db, store.cipher, {
                  recordId,
                  keptId: c.id,
                  value: chosen,
                  shown: c.current,
                });
              } else {
                await resolveConflict(store.db, store.cipher, {
                  recordId,
                  conflictId: c.id,
                  value: chosen,
                });
              }
              sync.notifyLocalEdit();
              setSettled((s) => ({ kept, words, count: (s?.count ?? 0) + 1 }));
            }}
          />
        );
      })}
    </>
  );
}
