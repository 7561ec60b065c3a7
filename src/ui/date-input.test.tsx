import { act, fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, test, vi } from 'vitest';
import { DateInput } from './date-input';

const MESSAGE = 'Enter a real date';

function dateField() {
  const onChange = vi.fn();
  render(
    <>
      <DateInput id="due" legend="Due by" value={undefined} onChange={onChange} />
      <button type="button">Save</button>
    </>,
  );
  return {
    onChange,
    day: screen.getByLabelText('Day'),
    month: screen.getByLabelText('Month'),
    year: screen.getByLabelText('Year'),
    save: screen.getByRole('button', { name: 'Save' }),
  };
}

describe('the date input', () => {
  test('reports a real date once the three boxes make one', () => {
    const { onChange, day, month, year } = dateField();
    fireEvent.input(day, { target: { value: '29' } });
    fireEvent.input(month, { target: { value: '2' } });
    fireEvent.input(year, { target: { value: '2027' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.input(year, { target: { value: '2028' } });
    expect(onChange).toHaveBeenLastCalledWith('2028-02-29');
  });

  test('moving from box to box is still typing the date: no message until all three are left', () => {
    const { day, month, save } = dateField();
    fireEvent.input(day, { target: { value: '27' } });
    fireEvent.blur(day, { relatedTarget: month });
    expect(screen.queryByText(MESSAGE)).toBeNull();
    fireEvent.blur(month, { relatedTarget: save });
    expect(screen.getByText(MESSAGE)).toBeTruthy();
    const group = screen.getByRole('group', { name: 'Due by' });
    const described = (group.getAttribute('aria-describedby') ?? '').split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent).join(' ')).toContain(
      MESSAGE,
    );
  });

  test('left by a press, the message waits until the press is over, so the tap is not lost', async () => {
    vi.useFakeTimers();
    try {
      const { day, save } = dateField();
      fireEvent.input(day, { target: { value: '27' } });
      fireEvent.pointerDown(save);
      fireEvent.blur(day, { relatedTarget: save });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(50);
      });
      expect(screen.queryByText(MESSAGE)).toBeNull();
      fireEvent.pointerUp(save);
      expect(screen.queryByText(MESSAGE)).toBeNull();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1);
      });
      expect(screen.getByText(MESSAGE)).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  test('half a date is handed out to be kept, and put back in the boxes, even over a saved date', () => {
    const onPartial = vi.fn();
    const field = (partial: string | undefined) => (
      <DateInput
        id="due"
        legend="Due by"
        value="2026-03-27"
        onChange={() => undefined}
        partial={partial}
        onPartial={onPartial}
      />
    );
    const { rerender } = render(field(undefined));
    const day = screen.getByLabelText('Day') as HTMLInputElement;
    const month = screen.getByLabelText('Month') as HTMLInputElement;
    fireEvent.input(month, { target: { value: '' } });
    expect(onPartial).toHaveBeenLastCalledWith('["27","","2026"]');
    fireEvent.input(month, { target: { value: '4' } });
    expect(onPartial).toHaveBeenLastCalledWith(null);
    // Read back from the tablet after the boxes first showed (the form's scratch is read late).
    rerender(field('["3","",""]'));
    expect([day.value, month.value]).toEqual(['3', '']);
  });

  test('a date arriving from elsewhere replaces half a date, and lets go of it', () => {
    const onPartial = vi.fn();
    const field = (value: string) => (
      <DateInput
        id="due"
        legend="Due by"
        value={value}
        onChange={() => undefined}
        partial='["3","",""]'
        onPartial={onPartial}
      />
    );
    const { rerender } = render(field('2026-03-27'));
    expect((screen.getByLabelText('Day') as HTMLInputElement).value).toBe('3');
    expect(onPartial).not.toHaveBeenCalled();
    rerender(field('2026-05-01'));
    expect((screen.getByLabelText('Month') as HTMLInputElement).value).toBe('5');
    expect(onPartial).toHaveBeenLastCalledWith(null);
  });

  test('half a date kept from before is said when the page shows it again, as a bad time is', () => {
    // The auditor typed 31 11 2026, went on, and came back: the boxes hold it, and say why it
    // was not saved, rather than looking like an answer that was kept.
    const onChange = vi.fn();
    render(
      <DateInput
        id="when"
        legend="Date of the audit"
        value={undefined}
        partial={JSON.stringify(['31', '11', '2026'])}
        onChange={onChange}
      />,
    );
    expect((screen.getByLabelText('Day') as HTMLInputElement).value).toBe('31');
    expect(screen.getByText(MESSAGE)).toBeTruthy();
  });

  test('half a date read back after the boxes first showed is said too', () => {
    const { rerender } = render(
      <DateInput id="when" legend="Date of the audit" value={undefined} onChange={vi.fn()} />,
    );
    expect(screen.queryByText(MESSAGE)).toBeNull();
    rerender(
      <DateInput
        id="when"
        legend="Date of the audit"
        value={undefined}
        partial={JSON.stringify(['12', '', ''])}
        onChange={vi.fn()}
      />,
    );
    expect(screen.getByText(MESSAGE)).toBeTruthy();
  });

  // The example fits the question and its day: a day gone by for what happened, a day to come for
  // a due date, counted from today (pinned here), so it never goes stale.
  test('the example is a month ago for a day gone by, a month ahead for a due date', () => {
    const { rerender } = render(
      <DateInput
        id="when"
        legend="Date of the audit"
        value={undefined}
        today="2031-01-15"
        onChange={vi.fn()}
      />,
    );
    expect(screen.getByText('For example, 16 12 2030')).toBeTruthy();
    rerender(
      <DateInput
        id="when"
        legend="Due by"
        value={undefined}
        today="2031-01-15"
        ahead
        onChange={vi.fn()}
      />,
    );
    expect(screen.getByText('For example, 14 2 2031')).toBeTruthy();
  });

  test('the message for half a date gives no example to contradict the question', () => {
    render(
      <DateInput
        id="due"
        legend="Due by"
        value={undefined}
        ahead
        partial={JSON.stringify(['31', '2', '2031'])}
        onChange={vi.fn()}
      />,
    );
    expect(screen.getByText(MESSAGE).textContent).not.toMatch(/\d/);
  });
});
