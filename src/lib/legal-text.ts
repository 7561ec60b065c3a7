// The standard wording of the accessibility statement (in the structure of GOV.UK's model
// statement) and of the privacy notice, used until the authority writes its own in the
// administration screens. Plain text: "## " starts a heading, a blank line a paragraph.

export function standardAccessibilityStatement(authority: string): string {
  return `This statement applies to the Practice observations app used by ${authority}. We want as many people as possible to be able to use it. You should be able to change colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the screen, navigate with just a keyboard or speech recognition software, and listen with a screen reader.

## How accessible this app is

The app is designed to meet the Web Content Accessibility Guidelines version 2.2 AA standard. It is tested with the axe accessibility checker on every screen and by using it with a keyboard alone.

## Feedback and contact information

If you need information in a different format, or find a problem not listed here, contact your service desk. We will reply within 5 working days.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).

## Technical information about this app’s accessibility

${authority} is committed to making this app accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.

## Compliance status

This app is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard as far as our testing has found.

## Non-accessible content

No known problems are listed.

## Preparation of this accessibility statement

This statement was prepared from the app’s own accessibility testing. Your administrator can update it, with the date it was last reviewed.`;
}

export function standardPrivacyNotice(authority: string): string {
  return `${authority} uses this app to record observations of practice, case audits and family feedback calls, to improve the quality of its work with children and families.

## What we record

About staff who are observed: their name, role, team, the observer’s judgements and evidence (their record of what the person said in reflection included), and the person’s own response. About children and families: the child’s case ID (never their name), and what families tell us in feedback calls, with their consent.

## Why we can use it

Our lawful basis is public task (UK GDPR Article 6(1)(e)). Information about health or other special categories is used for health or social care purposes and for safeguarding (Article 9(2)(h) and (g), Data Protection Act 2018 Schedule 1).

## How it is protected

Records on tablets are encrypted and locked when not in use. They are removed from tablets after they are sent and no longer needed. Every change and every view of someone else’s record is logged.

## Your rights

You can ask to see what we hold about you, and complain about how we use it, to our data protection officer. We acknowledge complaints within 30 days. You can also complain to the Information Commissioner’s Office.`;
}

export type LegalBlock = { kind: 'heading' | 'paragraph'; text: string };

/** The plain-text format as headings and paragraphs. */
export function legalBlocks(text: string): LegalBlock[] {
  const blocks: LegalBlock[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'paragraph', text: para.join('\n') });
    para = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'heading', text: line.slice(3).trim() });
    } else if (line.trim() === '') flush();
    else para.push(line);
  }
  flush();
  return blocks;
}
