/**
 * The unlock secret is a second "password" on the same site as the account password. Without a
 * username of its own a password manager may save it over the account password, or fill one where
 * the other belongs, and people who rely on a manager to sign in (WCAG 3.3.8) are then stuck. This
 * names it as a separate login, "name@example.org (this tablet)". It is `hidden` (display: none):
 * managers read it, but it is never shown, focused or announced, so nothing needs aria-hidden.
 */
export function SecretUsername({ email }: { email: string }) {
  return (
    <input
      type="text"
      name="username"
      autocomplete="username"
      value={secretUsername(email)}
      readOnly
      hidden
    />
  );
}

export const secretUsername = (email: string) => `${email} (this tablet)`;
