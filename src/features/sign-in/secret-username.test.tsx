import { render, screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { ChooseSecretPage } from './choose-secret-page';
import { UnlockPage } from './unlock-page';

/** The username a password manager would pair with the form's password fields. */
const usernameOf = (password: HTMLElement) =>
  password.closest('form')?.querySelector<HTMLInputElement>('input[autocomplete="username"]');

describe('the unlock secret, to a password manager', () => {
  test('choosing it: saved as its own login, "email (this tablet)", never shown or focused', () => {
    render(
      <ChooseSecretPage
        displayName="Sam Patel"
        email="sam@example.org"
        onChoose={async () => undefined}
        onCancel={() => undefined}
      />,
    );
    const secret = screen.getByLabelText('Unlock secret');
    expect(secret.getAttribute('autocomplete')).toBe('new-password');
    const username = usernameOf(secret)!;
    expect(username.value).toBe('sam@example.org (this tablet)');
    expect(username.type).toBe('text');
    expect(username.readOnly).toBe(true);
    // Hidden outright (display: none): out of the tab order and the accessibility tree alike.
    expect(username.hidden).toBe(true);
    expect(username.hasAttribute('aria-hidden')).toBe(false);
    expect(
      username.compareDocumentPosition(secret) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  test('unlocking: the same login is offered while the app knows who is signed in', () => {
    const { unmount } = render(
      <UnlockPage
        lockedOut={false}
        afterSignIn={false}
        email="sam@example.org"
        onUnlock={async () => ({ ok: true })}
        onSignIn={() => undefined}
      />,
    );
    const secret = screen.getByLabelText('Unlock secret');
    expect(secret.getAttribute('autocomplete')).toBe('current-password');
    expect(usernameOf(secret)?.value).toBe('sam@example.org (this tablet)');
    expect(usernameOf(secret)?.hidden).toBe(true);
    unmount();
    // After a restart the email is not known (the keyring keeps only its hash): no guessed name.
    render(
      <UnlockPage
        lockedOut={false}
        afterSignIn={false}
        email={null}
        onUnlock={async () => ({ ok: true })}
        onSignIn={() => undefined}
      />,
    );
    expect(usernameOf(screen.getByLabelText('Unlock secret'))).toBeNull();
  });
});
