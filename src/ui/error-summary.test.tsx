import { fireEvent, render, screen } from '@testing-library/preact';
import type { ErrorLink } from './error-summary';
import { describe, expect, test } from 'vitest';
import { ErrorSummary } from './error-summary';

describe('the error summary', () => {
  test('says "There is a problem", takes focus, and links to each field', () => {
    render(
      <>
        <ErrorSummary
          errors={[
            { href: '#f-context--caseId', text: 'Enter the case ID' },
            { href: '#f-summary--strengths', text: 'Enter the strengths you found' },
          ]}
        />
        <label for="f-context--caseId">Case ID</label>
        <input id="f-context--caseId" />
        <label for="f-summary--strengths">Strengths</label>
        <textarea id="f-summary--strengths" />
      </>,
    );
    expect(screen.getByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringContaining('There is a problem'),
    );
    expect(document.activeElement).toBe(document.querySelector('.govuk-error-summary'));
    const link = screen.getByRole('link', { name: 'Enter the strengths you found' });
    fireEvent.click(link);
    expect(document.activeElement).toBe(document.getElementById('f-summary--strengths'));
  });

  test('renders nothing when there is no problem', () => {
    const { container } = render(<ErrorSummary errors={[]} />);
    expect(container.innerHTML).toBe('');
  });
  const a: ErrorLink = { href: '#a', text: 'Enter the case ID' };
  const b: ErrorLink = { href: '#b', text: 'Enter the strengths you found' };
  const summary = () => document.querySelector('.govuk-error-summary');
  const Page = ({ errors, focusKey }: { errors: ErrorLink[]; focusKey?: unknown }) => (
    <>
      <ErrorSummary errors={errors} focusKey={focusKey} />
      <input id="a" />
    </>
  );
  const typeIn = () => {
    const field = document.getElementById('a')!;
    field.focus();
    return field;
  };

  test('errors from saved answers: a fix landing while typing leaves the keyboard in the field', () => {
    const { rerender } = render(<Page errors={[a, b]} focusKey="on-arrival" />);
    expect(document.activeElement).toBe(summary());
    const field = typeIn();
    rerender(<Page errors={[b]} focusKey="on-arrival" />);
    expect(document.activeElement).toBe(field);
    rerender(<Page errors={[]} focusKey="on-arrival" />);
    rerender(<Page errors={[a]} focusKey="on-arrival" />);
    expect(document.activeElement).toBe(field);
  });

  test('errors from saved answers that were not there on arrival do not take focus', () => {
    const { rerender } = render(<Page errors={[]} focusKey="on-arrival" />);
    const field = typeIn();
    rerender(<Page errors={[a]} focusKey="on-arrival" />);
    expect(document.activeElement).toBe(field);
  });

  test('each failed attempt takes focus again, even with the same errors', () => {
    const { rerender } = render(<Page errors={[]} focusKey={0} />);
    rerender(<Page errors={[a]} focusKey={1} />);
    expect(document.activeElement).toBe(summary());
    typeIn();
    rerender(<Page errors={[a]} focusKey={2} />);
    expect(document.activeElement).toBe(summary());
  });

  test('an attempt whose errors arrive after a check takes focus when they come', () => {
    const { rerender } = render(<Page errors={[a]} focusKey={1} />);
    const field = typeIn();
    rerender(<Page errors={[]} focusKey={2} />);
    expect(document.activeElement).toBe(field);
    rerender(<Page errors={[b]} focusKey={2} />);
    expect(document.activeElement).toBe(summary());
  });

  test('without a key, only errors appearing where there were none take focus', () => {
    const { rerender } = render(<Page errors={[]} />);
    rerender(<Page errors={[a, b]} />);
    expect(document.activeElement).toBe(summary());
    const field = typeIn();
    rerender(<Page errors={[b]} />);
    expect(document.activeElement).toBe(field);
    rerender(<Page errors={[]} />);
    rerender(<Page errors={[a]} />);
    expect(document.activeElement).toBe(summary());
  });
});
