import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useFormDraft } from '../lib/use-form-draft';
import { Button, ButtonGroup } from './content';

export type ConflictChoice = { value: string | number | boolean | null };

/** Which version the person kept, for the confirmation shown once the panel has gone. */
export type Kept = 'mine' | 'theirs' | 'merged';

export const keptWords: Record<Kept, string> = {
  mine: 'You kept your version.',
  theirs: 'You kept the other version.',
  merged: 'Your merged text is saved.',
};

/** What the panel says: of two devices' versions, or of two windows' on this tablet. */
export type PanelWords = {
  tag: string;
  explanation: string;
  mine: string;
  theirs: string;
  keepMine: string;
  keepTheirs: string;
  kept: Record<Kept, string>;
};

export const deviceWords: PanelWords = {
  tag: 'Edited on another device',
  explanation:
    'This was changed on this tablet and on another device at the same time. Choose what to keep.',
  mine: 'Your version',
  theirs: 'The other version',
  keepMine: 'Keep mine',
  keepTheirs: 'Keep theirs',
  kept: keptWords,
};

/**
 * A text kept on this tablet (src/db/kept-texts.ts): typed over the same words in two windows of
 * the app at once, or here and on another device, one save replaced the other; "mine" is the
 * field as it is now, "theirs" the text it replaced.
 */
export const keptHereWords: PanelWords = {
  tag: 'Changed in two places',
  explanation:
    'This was changed in two places at once: in two windows of the app on this tablet, or here and ' +
    'on another device. One version replaced the other; both are kept until you choose.',
  mine: 'The answer now',
  theirs: 'The text it replaced',
  keepMine: 'Keep the answer now',
  keepTheirs: 'Keep the text it replaced',
  kept: {
    mine: 'You kept the answer as it was.',
    theirs: 'You kept the text it had replaced.',
    merged: 'Your merged text is saved.',
  },
};

type Props = {
  id: string;
  /** The field's name in words, e.g. "Evidence for ‘The family spoke early’". */
  label: string;
  mine: string;
  theirs: string;
  /** The form draft the merged text is kept in while it is written (one per record and conflict). */
  draft: string;
  onResolve: (value: string, kept: Kept) => Promise<void>;
  /** Two devices' versions (the default), or two windows' on this tablet. */
  words?: PanelWords;
};

/**
 * "Edited on another device": both versions side by side, and the person decides. Resolving is an
 * ordinary edit that syncs like any other; neither version is thrown away until they choose.
 */
export function ConflictPanel({
  id,
  label,
  mine,
  theirs,
  draft,
  onResolve,
  words = deviceWords,
}: Props) {
  const [merging, setMerging] = useState(false);
  // The merged text is on the tablet from the first keystroke, so a lock, a reload or a crash
  // keeps it until the person saves it (or settles the conflict another way).
  const together = [mine, theirs].filter(Boolean).join('\n\n');
  const merged = useFormDraft<string>(draft, () => together);
  const [busy, setBusy] = useState(false);
  // The button pressed to open or close the merge goes, so the keyboard goes where the work is.
  const mergedBox = useRef<HTMLTextAreaElement>(null);
  const opened = useRef(false);
  // A merge put back from the tablet opens where it was left, but the page keeps its own focus.
  const reopened = useRef(false);
  useLayoutEffect(() => {
    if (merging && !reopened.current) mergedBox.current?.focus();
    else if (!merging && opened.current) document.getElementById(`${id}-edit-merged`)?.focus();
    reopened.current = false;
    opened.current = merging;
  }, [merging]);
  const looked = useRef(false);
  useEffect(() => {
    if (!merged.ready || looked.current) return;
    looked.current = true;
    if (merged.value !== together && !merging) {
      reopened.current = true;
      setMerging(true);
    }
  }, [merged.ready]);
  const resolve = async (value: string, kept: Kept) => {
    setBusy(true);
    try {
      await onResolve(value, kept);
      // Settled: whichever version was kept, the merge being written has done its work.
      await merged.clear();
    } finally {
      setBusy(false);
    }
  };
  const headingId = `${id}-conflict-heading`;
  return (
    <section class="app-conflict" aria-labelledby={headingId} id={`${id}-conflict`}>
      {/* An h2: the box it stands over may sit right under the page's h1, and a level skipped
          there is lost to someone moving by headings. */}
      <h2 class="govuk-heading-s" id={headingId}>
        <strong class="govuk-tag govuk-tag--orange">{words.tag}</strong>
        <span class="govuk-visually-hidden"> – {label}</span>
      </h2>
      <p class="govuk-body">{words.explanation}</p>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <h3 class="govuk-heading-s">{words.mine}</h3>
          <p class="govuk-body app-prewrap app-conflict__text" data-testid="conflict-mine">
            {mine || '(empty)'}
          </p>
        </div>
        <div class="govuk-grid-column-one-half">
          <h3 class="govuk-heading-s">{words.theirs}</h3>
          <p class="govuk-body app-prewrap app-conflict__text" data-testid="conflict-theirs">
            {theirs || '(empty)'}
          </p>
        </div>
      </div>
      {merging ? (
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for={`${id}-merged`}>
            Merged text
          </label>
          <textarea
            class="govuk-textarea"
            id={`${id}-merged`}
            rows={6}
            value={merged.value}
            ref={mergedBox}
            onInput={(e) => merged.set(e.currentTarget.value)}
          />
          <ButtonGroup>
            <Button disabled={busy} onClick={() => void resolve(merged.value, 'merged')}>
              Save merged text
            </Button>
            <Button variant="secondary" onClick={() => setMerging(false)}>
              Cancel
            </Button>
          </ButtonGroup>
        </div>
      ) : (
        <ButtonGroup>
          <Button variant="secondary" disabled={busy} onClick={() => void resolve(mine, 'mine')}>
            {words.keepMine}
          </Button>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => void resolve(theirs, 'theirs')}
          >
            {words.keepTheirs}
          </Button>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => setMerging(true)}
            id={`${id}-edit-merged`}
          >
            Edit merged text
          </Button>
        </ButtonGroup>
      )}
    </section>
  );
}
