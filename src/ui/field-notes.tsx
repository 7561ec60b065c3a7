import type { ComponentChildren } from 'preact';
import { ErrorMessage } from './error-summary';

type NotesProps = {
  id: string;
  hint?: ComponentChildren | undefined;
  error?: string | undefined;
  /** Extra content between the hint and the error message, such as a conflict panel. */
  before?: ComponentChildren;
};

/** The ids of a field's hint and error message, for its aria-describedby (undefined if absent). */
export function noteIds(props: Pick<NotesProps, 'id' | 'hint' | 'error'>) {
  return {
    hintId: props.hint ? `${props.id}-hint` : undefined,
    errorId: props.error ? `${props.id}-error` : undefined,
  };
}

/** What follows a field's label or legend, in the GOV.UK order: hint, extra content, error. */
export function FieldNotes(props: NotesProps) {
  const { hintId, errorId } = noteIds(props);
  return (
    <>
      {props.hint ? (
        <div id={hintId} class="govuk-hint">
          {props.hint}
        </div>
      ) : null}
      {props.before}
      {props.error && errorId ? <ErrorMessage id={errorId}>{props.error}</ErrorMessage> : null}
    </>
  );
}
