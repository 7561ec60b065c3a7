import { render, screen } from '@testing-library/preact';
import { expect, test } from 'vitest';
import { Textarea } from './textarea';

// A limit of ten thousand read "10000": counts are written as people read them.
test('the limit and the count are written with a thousands separator', () => {
  render(
    <Textarea
      id="notes"
      label="Notes"
      value={'x'.repeat(8_000)}
      maxLength={10_000}
      onInput={() => undefined}
    />,
  );
  expect(screen.getByText('You can enter up to 10,000 characters')).toBeTruthy();
  expect(screen.getAllByText('You have 2,000 characters remaining')).not.toHaveLength(0);
});
