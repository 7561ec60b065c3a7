import type { SaveState } from '../lib/autosave';

const words: Record<SaveState, string> = {
  saved: 'Saved on this device',
  unsaved: 'Saving…',
  saving: 'Saving…',
  failed: 'Not saved',
};

/**
 * What is kept while some of it is held back: a value that fails its check (an over-long note)
 * is on the device, sealed, but is not sent until it is fixed, so "Saved" alone would be untrue.
 */
export function heldBackWords(count: number): string {
  return `Kept on this device – ${count === 1 ? '1 answer is' : `${count} answers are`} not sent until fixed`;
}

/**
 * A quiet, always-visible statement of whether what is typed is on the device yet, and whether
 * all of it will be sent (`heldBack`: how many typed values wait on the device to be fixed; each
 * field says why beside it). Only a failure is announced: "Saving… Saved" after every pause in
 * typing would talk over the person's own screen reader as they write, and a held-back value is
 * announced by its field's own count and message. The failure's live region is there from the
 * start, so its first words are read.
 */
export function SaveStatus({
  state,
  error,
  heldBack = 0,
}: {
  state: SaveState;
  error?: unknown;
  heldBack?: number;
}) {
  const held = state === 'saved' && heldBack > 0;
  const message =
    state === 'failed' && error instanceof Error
      ? error.message
      : state === 'failed'
        ? 'This tablet could not save the last change. Keep this screen open and try again.'
        : null;
  return (
    <div
      class={`app-save-status app-save-status--${held ? 'held' : state}`}
      data-testid="save-status"
    >
      <span>{held ? heldBackWords(heldBack) : words[state]}</span>
      <span role="alert" data-testid="save-failure">
        {message ? (
          <span class="govuk-error-message app-save-status__error">
            <span class="govuk-visually-hidden">Not saved: </span>
            {message}
          </span>
        ) : null}
      </span>
    </div>
  );
}
