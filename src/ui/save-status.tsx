import type { SaveState } from '../lib/autosave';

const words: Record<SaveState, string> = {
  saved: 'Saved on this device',
  unsaved: 'Saving…',
  saving: 'Saving…',
  failed: 'Not saved',
};

/** A quiet, always-visible statement of whether what is typed is on the device yet. */
export function SaveStatus({ state, error }: { state: SaveState; error?: unknown }) {
  const message =
    state === 'failed' && error instanceof Error
      ? error.message
      : state === 'failed'
        ? 'This tablet could not save the last change. Keep this screen open and try again.'
        : null;
  return (
    <div
      class={`app-save-status app-save-status--${state}`}
      role="status"
      aria-live="polite"
      data-testid="save-status"
    >
      <span>{words[state]}</span>
      {message ? <span class="govuk-error-message app-save-status__error">{message}</span> : null}
    </div>
  );
}
