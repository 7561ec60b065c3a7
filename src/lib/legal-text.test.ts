import { expect, test } from 'vitest';
import { legalBlocks, standardAccessibilityStatement } from './legal-text';

test('"## " lines are headings and blank lines separate paragraphs', () => {
  expect(legalBlocks('First line\nsame paragraph\n\n## Heading\nNext\n\n\n')).toEqual([
    { kind: 'paragraph', text: 'First line\nsame paragraph' },
    { kind: 'heading', text: 'Heading' },
    { kind: 'paragraph', text: 'Next' },
  ]);
});

test('the standard statement has the headings of the model accessibility statement', () => {
  const headings = legalBlocks(standardAccessibilityStatement('Anytown'))
    .filter((b) => b.kind === 'heading')
    .map((b) => b.text);
  expect(headings).toEqual([
    'How accessible this app is',
    'Feedback and contact information',
    'Enforcement procedure',
    'Technical information about this app’s accessibility',
    'Compliance status',
    'Non-accessible content',
    'Preparation of this accessibility statement',
  ]);
});
