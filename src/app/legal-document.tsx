import { legalBlocks } from '../lib/legal-text';

/** An accessibility statement or privacy notice: its blocks as headings and paragraphs. */
export function LegalDocument({ title, text }: { title: string; text: string }) {
  return (
    <>
      <h1 class="govuk-heading-l">{title}</h1>
      {legalBlocks(text).map((b, i) =>
        b.kind === 'heading' ? (
          <h2 class="govuk-heading-m" key={i}>
            {b.text}
          </h2>
        ) : (
          <p class="govuk-body app-prewrap" key={i}>
            {b.text}
          </p>
        ),
      )}
    </>
  );
}
