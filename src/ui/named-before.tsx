import { Button } from './content';

/**
 * Names the record already holds, offered under a field that asks for one again (WCAG 3.3.7,
 * Redundant Entry): one tap fills the field rather than typing a name and role a second time. The
 * browser's own form history stays off (it would pass names between people on a shared tablet),
 * so the offer comes from the record alone. Focus goes to the filled field, since the chosen
 * button is no longer offered once the field holds its name.
 */
export function NamedBefore<N extends { text: string }>({
  fieldId,
  names,
  onChoose,
}: {
  fieldId: string;
  names: readonly N[];
  onChoose: (name: N) => void;
}) {
  if (names.length === 0) return null;
  const introId = `${fieldId}-named-before`;
  return (
    <div class="govuk-form-group">
      <p class="govuk-body govuk-!-margin-bottom-2" id={introId}>
        Or choose someone already named in this observation:
      </p>
      <div class="govuk-button-group">
        {names.map((n) => (
          <Button
            key={n.text}
            variant="secondary"
            aria-describedby={introId}
            onClick={() => {
              onChoose(n);
              document.getElementById(fieldId)?.focus();
            }}
          >
            Use ‘{n.text}’
          </Button>
        ))}
      </div>
    </div>
  );
}
