import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
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
