const shown = (v: unknown) => (v === null ? '(cleared)' : String(v));

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
  return (
    <div class="app-rejected__item">
      <p class="govuk-body">{message}</p>
      <ul class="govuk-list govuk-list--bullet">
        {Object.entries(entered).map(([path, value]) => (
          <li key={path} class="app-prewrap">
            What you entered: {shown(value)}
          </li>
        ))}
      </ul>
      <button type="button" class="govuk-button govuk-button--secondary" onClick={onDismiss}>
        I have read this<span class="govuk-visually-hidden"> refused change</span>
      </button>
    </div>
  );
}
