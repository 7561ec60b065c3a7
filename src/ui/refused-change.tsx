import { FocusedConfirmation } from './focused-confirmation';

const shown = (v: unknown) => (v === null ? '(cleared)' : String(v));

/** What the app writes for itself when a record starts (which checklist, its status, ids). */
const BOOKKEEPING = new Set([
  'kind',
  'templateId',
  'templateVersion',
  'status',
  'serviceId',
  'sharedWithPractitioner',
  'createdAt',
  'submittedAt',
  'observationId',
  'context.assignmentId',
  'itemId',
  'order',
]);

/**
 * One change the server refused for good: its reason and every value that was typed, so the
 * person can copy what they need, then say they have read it.
 */
export function RefusedChange({
  message,
  entered,
  onDismiss,
}: {
  message: string;
  entered: Readonly<Record<string, unknown>>;
  onDismiss: () => void;
}) {
  const typed = Object.entries(entered).filter(([path]) => !BOOKKEEPING.has(path));
  return (
    <div class="app-rejected__item">
      <p class="govuk-body">{message}</p>
      {typed.length > 0 ? (
        <ul class="govuk-list govuk-list--bullet">
          {typed.map(([path, value]) => (
            <li key={path} class="app-prewrap">
              What you entered: {shown(value)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="govuk-body">Nothing you typed was in this change.</p>
      )}
      <button type="button" class="govuk-button govuk-button--secondary" onClick={onDismiss}>
        I have read this<span class="govuk-visually-hidden"> refused change</span>
      </button>
    </div>
  );
}

/**
 * Said where the list was after "I have read this", which removes the button pressed: the
 * keyboard lands here, not on the page body. `count` is how many have been read here, so each
 * one is confirmed.
 */
export function RefusedChangeRead({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <FocusedConfirmation key={count}>
      Marked as read. That refused change is no longer listed.
    </FocusedConfirmation>
  );
}
