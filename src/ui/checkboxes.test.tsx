import { render, screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { Checkboxes } from './checkboxes';

describe('checkboxes', () => {
  test("each option's hint describes its own checkbox, as on radios", () => {
    render(
      <Checkboxes
        id="parts"
        name="parts"
        legend="Which parts are done?"
        options={[
          { value: 'file', label: 'File read', hint: 'Case notes and plan' },
          { value: 'talk', label: 'Practitioner spoken to' },
        ]}
        selected={[]}
        onToggle={() => undefined}
      />,
    );
    const file = screen.getByRole('checkbox', { name: 'File read' });
    expect(file.getAttribute('aria-describedby')).toBe('parts-item-hint');
    expect(document.getElementById('parts-item-hint')?.textContent).toBe('Case notes and plan');
    expect(
      screen
        .getByRole('checkbox', { name: 'Practitioner spoken to' })
        .hasAttribute('aria-describedby'),
    ).toBe(false);
  });
});
