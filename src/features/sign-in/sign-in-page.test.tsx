import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { ChooseSecretPage } from './choose-secret-page';
import { SignInPage } from './sign-in-page';

describe('the sign-in page', () => {
  test('a second failed sign-in with the same problem takes the keyboard to the summary again', () => {
    render(<SignInPage onSignIn={async () => ({ ok: true })} />);
    const submit = screen.getByRole('button', { name: 'Sign in' });
    fireEvent.click(submit);
    const summary = document.querySelector('.govuk-error-summary');
    expect(document.activeElement).toBe(summary);
    screen.getByLabelText('Email address').focus();
    fireEvent.click(submit);
    expect(document.activeElement).toBe(document.querySelector('.govuk-error-summary'));
  });
});

// The sign-in screens replace one another with no new address; each takes the keyboard to its
// heading when it appears, as the unlock screen does, rather than leave it on the body.
describe('a sign-in screen as it appears', () => {
  test('Sign in: focus on its heading', async () => {
    render(<SignInPage onSignIn={async () => ({ ok: true })} />);
    const heading = screen.getByRole('heading', { level: 1, name: 'Sign in' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
  });

  test('Choose an unlock secret: focus on its heading', async () => {
    render(
      <ChooseSecretPage
        displayName="Sam Patel"
        email="sam@example.org"
        onChoose={async () => undefined}
        onCancel={() => undefined}
      />,
    );
    const heading = screen.getByRole('heading', {
      level: 1,
      name: 'Choose an unlock secret for this tablet',
    });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
  });
});
