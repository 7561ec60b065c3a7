import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, test, vi } from 'vitest';
import { Select } from './select';

const PEOPLE = [
  { value: 'u1', label: 'Ann Auditor' },
  { value: 'u2', label: 'Bo Auditor' },
];

describe('the select', () => {
  test('is named by its label, offers the empty choice first, and reports the choice', () => {
    const onChange = vi.fn();
    render(
      <Select
        id="auditor"
        label="Auditor"
        value=""
        onChange={onChange}
        empty="Choose an auditor"
        options={PEOPLE}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Auditor' }) as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.text])).toEqual([
      ['', 'Choose an auditor'],
      ['u1', 'Ann Auditor'],
      ['u2', 'Bo Auditor'],
    ]);
    select.value = 'u2';
    fireEvent.change(select);
    expect(onChange).toHaveBeenCalledWith('u2');
    expect(select.getAttribute('aria-describedby')).toBeNull();
  });

  test('with a hint and an error: both described, and the GOV.UK error styles', () => {
    render(
      <Select
        id="observer"
        label="Observer"
        hint="Who does it now"
        value="u1"
        onChange={() => undefined}
        options={PEOPLE}
        error="Choose another observer"
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Observer' }) as HTMLSelectElement;
    expect(select.value).toBe('u1');
    expect(select.options).toHaveLength(2);
    expect(select.getAttribute('aria-describedby')).toBe('observer-hint observer-error');
    expect(select.className).toContain('govuk-select--error');
    expect(document.getElementById('observer-error')?.textContent).toBe(
      'Error: Choose another observer',
    );
    expect(select.closest('.govuk-form-group')?.className).toContain('govuk-form-group--error');
  });
});
