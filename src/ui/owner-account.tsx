import type { FieldValue } from '../../schemas/entities/field-value';
import { Select } from './select';

export type AccountChoice = { value: string; label: string };

/**
 * "Their account in the app": links an improvement action to the person who will do it, chosen
 * from their team, so the action can follow them (or move on when they leave). Shown only when
 * there is someone to choose; the name typed above is what everyone reads.
 */
export function OwnerAccount<C extends AccountChoice>({
  id,
  choices,
  value,
  onChange,
  error,
}: {
  id: string;
  choices: readonly C[];
  value: FieldValue | undefined;
  onChange: (choice: C | undefined) => void;
  error?: string | undefined;
}) {
  if (choices.length === 0) return null;
  return (
    <Select
      id={id}
      label="Their account in the app (optional)"
      hint="If they use this app, choose them: the action then moves to a colleague if they leave."
      value={typeof value === 'string' ? value : ''}
      empty="Not linked to an account"
      options={choices}
      error={error}
      onChange={(v) => onChange(choices.find((c) => c.value === v))}
    />
  );
}
