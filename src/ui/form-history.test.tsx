import { render, screen } from '@testing-library/preact';
import { expect, test } from 'vitest';
import { TextInput } from './text-input';
import { Textarea } from './textarea';

// On a shared tablet the browser's form history would offer one person's case IDs, names and
// notes to the next, kept unencrypted in the browser profile.
test('text fields keep nothing in the browser’s form history unless a field asks to', () => {
  render(
    <>
      <TextInput id="case" label="Case ID" value="" onInput={() => undefined} />
      <TextInput
        id="email"
        label="Email address"
        value=""
        autocomplete="username"
        onInput={() => undefined}
      />
      <Textarea
        id="what"
        label="What happened"
        value=""
        maxLength={100}
        onInput={() => undefined}
      />
    </>,
  );
  expect(screen.getByLabelText('Case ID').getAttribute('autocomplete')).toBe('off');
  expect(screen.getByLabelText('Email address').getAttribute('autocomplete')).toBe('username');
  expect(screen.getByLabelText('What happened').getAttribute('autocomplete')).toBe('off');
});
