import { fireEvent, render, screen } from '@testing-library/preact';
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
});
