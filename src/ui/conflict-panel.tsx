import { useState } from 'preact/hooks';
import { Button, ButtonGroup } from './content';

export type ConflictChoice = { value: string | number | boolean | null };

type Props = {
  id: string;
  /** The field's name in words, e.g. "Evidence for ‘The family spoke early’". */
  label: string;
  mine: string;
  theirs: string;
  onResolve: (value: string) => Promise<void>;
};

/**
 * "Edited on another device": both versions side by side, and the person decides. Resolving is an
 * ordinary edit that syncs like any other; neither version is thrown away until they choose.
 */
export function ConflictPanel({ id, label, mine, theirs, onResolve }: Props) {
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState(() => [mine, theirs].filter(Boolean).join('\n\n'));
  const [busy, setBusy] = useState(false);
  const resolve = async (value: string) => {
    setBusy(true);
    try {
      await onResolve(value);
    } finally {
      setBusy(false);
    }
  };
  const headingId = `${id}-conflict-heading`;
  return (
    <section class="app-conflict" aria-labelledby={headingId} id={`${id}-conflict`}>
      <h3 class="govuk-heading-s" id={headingId}>
        <strong class="govuk-tag govuk-tag--orange">Edited on another device</strong>
        <span class="govuk-visually-hidden"> – {label}</span>
      </h3>
      <p class="govuk-body">
        This was changed on this tablet and on another device at the same time. Choose what to keep.
      </p>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <h4 class="govuk-heading-s">Your version</h4>
          <p class="govuk-body app-prewrap app-conflict__text" data-testid="conflict-mine">
            {mine || '(empty)'}
          </p>
        </div>
        <div class="govuk-grid-column-one-half">
          <h4 class="govuk-heading-s">The other version</h4>
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
            value={merged}
            onInput={(e) => setMerged(e.currentTarget.value)}
          />
          <ButtonGroup>
            <Button disabled={busy} onClick={() => void resolve(merged)}>
              Save merged text
            </Button>
            <Button variant="secondary" onClick={() => setMerging(false)}>
              Cancel
            </Button>
          </ButtonGroup>
        </div>
      ) : (
        <ButtonGroup>
          <Button variant="secondary" disabled={busy} onClick={() => void resolve(mine)}>
            Keep mine
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => void resolve(theirs)}>
            Keep theirs
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => setMerging(true)}>
            Edit merged text
          </Button>
        </ButtonGroup>
      )}
    </section>
  );
}
