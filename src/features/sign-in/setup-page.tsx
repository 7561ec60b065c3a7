import { useEffect, useState } from 'preact/hooks';
import { setupResponseSchema, setupStatusSchema } from '../../../schemas/api/account';
import { MIN_ADMIN_PASSWORD_LENGTH } from '../../../schemas/admin/people';
import { api, describeFailure } from '../../lib/api';
import { Button } from '../../ui/content';
import { ErrorSummary } from '../../ui/error-summary';
import { usePageTitle } from '../../ui/page-title';
import { TextInput } from '../../ui/text-input';

type Field = 'code' | 'name' | 'email' | 'password';
type Problem = { href: string; text: string; field: Field };

// Where the server's answer about a field belongs on this form.
const FIELD_OF_PATH: Record<string, Field> = {
  code: 'code',
  displayName: 'name',
  email: 'email',
  password: 'password',
};

/**
 * The first administrator of a new server, made with the one-time code the server printed at its
 * start (README, "The first administrator"). Open only while there is no administrator; then
 * signs the new administrator in on this device.
 */
export function SetupPage({
  onSetUp,
  onCancel,
}: {
  onSetUp: (email: string, password: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [available, setAvailable] = useState<boolean | null>(null);
  const [f, setF] = useState({ code: '', name: '', email: '', password: '' });
  const [errors, setErrors] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Set up the first administrator', errors.length > 0);

  useEffect(() => {
    void api('/api/setup', { schema: setupStatusSchema }).then((r) => {
      if (r.ok) setAvailable(r.value.available);
      else setErrors([{ href: '#code', text: describeFailure(r.failure), field: 'code' }]);
    });
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Problem[] = [];
    if (!f.code.trim()) found.push({ href: '#code', text: 'Enter the setup code', field: 'code' });
    if (!f.name.trim()) found.push({ href: '#name', text: 'Enter your full name', field: 'name' });
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim()))
      found.push({
        href: '#email',
        text: 'Enter an email address in the correct format, like name@example.org',
        field: 'email',
      });
    if (f.password.length < MIN_ADMIN_PASSWORD_LENGTH)
      found.push({
        href: '#password',
        text: `The password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`,
        field: 'password',
      });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    const email = f.email.trim();
    const res = await api('/api/setup', {
      method: 'POST',
      schema: setupResponseSchema,
      body: { code: f.code.trim(), displayName: f.name.trim(), email, password: f.password },
    });
    if (res.ok) {
      await onSetUp(email, f.password);
      return;
    }
    setBusy(false);
    const failure = res.failure;
    if (failure.kind === 'refused' && failure.code === 'SETUP_NOT_AVAILABLE') setAvailable(false);
    const path =
      failure.kind === 'refused' && failure.code === 'VALIDATION_FAILED'
        ? failure.message.slice(0, failure.message.indexOf(':'))
        : 'code';
    const field = FIELD_OF_PATH[path] ?? 'code';
    setErrors([{ href: `#${field}`, text: describeFailure(failure), field }]);
  };
  const errorFor = (field: Field) => errors.find((e) => e.field === field)?.text;

  if (available === false)
    return (
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">This server is set up</h1>
          <p class="govuk-body">
            It already has an administrator, so the setup code no longer works. Sign in, or ask an
            administrator for an account.
          </p>
          <Button onClick={onCancel}>Go to sign in</Button>
        </div>
      </div>
    );
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} focusKey={errors} />
        <h1 class="govuk-heading-l">Set up the first administrator</h1>
        <p class="govuk-body">
          When the server started it printed a one-time setup code. It works once, and only until
          this server has an administrator. The administrator then adds everyone else.
        </p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <TextInput
            id="code"
            label="Setup code"
            hint="For example, 7KQ2-M9XD-4HTP-R3BW"
            value={f.code}
            onInput={(v) => setF({ ...f, code: v })}
            autocomplete="off"
            spellcheck={false}
            width="20"
            error={errorFor('code')}
          />
          <TextInput
            id="name"
            label="Full name"
            value={f.name}
            onInput={(v) => setF({ ...f, name: v })}
            autocomplete="name"
            spellcheck={false}
            error={errorFor('name')}
          />
          <TextInput
            id="email"
            label="Email address"
            type="email"
            value={f.email}
            onInput={(v) => setF({ ...f, email: v })}
            autocomplete="username"
            spellcheck={false}
            error={errorFor('email')}
          />
          <TextInput
            id="password"
            label="Password"
            hint={`At least ${MIN_ADMIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`}
            type="password"
            value={f.password}
            onInput={(v) => setF({ ...f, password: v })}
            autocomplete="new-password"
            error={errorFor('password')}
          />
          <Button type="submit" disabled={busy || available === null}>
            Create the administrator
          </Button>
        </form>
        <p class="govuk-body">
          <a
            class="govuk-link"
            href="/"
            onClick={(e) => {
              e.preventDefault();
              onCancel();
            }}
          >
            Sign in instead
          </a>
        </p>
      </div>
    </div>
  );
}
