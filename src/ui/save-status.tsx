import type { SaveState } from '../lib/autosave';

const words: Record<SaveState, string> = {
  saved: 'Saved on this device',
  unsaved: 'Saving…',
  saving: 'Saving…',
  failed: 'Not saved',
};

/**
 * A quiet, always-visible statement of whether what is typed is on the device yet. Only a failure
 * is announced: "Saving… Saved" after every pause in typing would talk over the person's own
 * screen reader as they write. The failure's live region is there from the start, so its first
 * words are read.
 */
export function SaveStatus({ state, error }: { state: SaveState; error?: unknown }) {
  const message =
    state === 'failed' && error instanceof Error
      ? error.message
      : state === 'failed'
        ? 'This tablet could not save the last change. Keep this screen open and try again.'
        : null;
  return (
    <div class={`app-save-status app-save-status--${state}`} data-testid="save-status">
      <span>{words[state]}</span>
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
