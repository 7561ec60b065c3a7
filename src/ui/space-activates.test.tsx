import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, test } from 'vitest';
import { SafetyConcernLink } from './concern-link';
import { ButtonLink } from './content';

/** Presses of the link, kept from navigating the test page. */
function pressesOf(link: HTMLElement) {
  const presses: string[] = [];
  link.addEventListener('click', (event) => {
    event.preventDefault();
    presses.push('click');
  });
  return presses;
}

describe('links styled as buttons', () => {
  test.each([
    ['a button link', () => <ButtonLink href="/observations/new">Start</ButtonLink>, 'Start'],
    ['the safety concern link', () => <SafetyConcernLink />, 'Report a safety concern'],
  ])('Space presses %s without scrolling the page', (_, make, name) => {
    render(make());
    const link = screen.getByRole('button', { name });
    const presses = pressesOf(link);
    const scrolled = fireEvent.keyDown(link, { key: ' ' });
    expect(presses).toEqual(['click']);
    expect(scrolled).toBe(false);
  });

  test('other keys are left to the browser', () => {
    render(<ButtonLink href="/observations/new">Start</ButtonLink>);
    const link = screen.getByRole('button', { name: 'Start' });
    const presses = pressesOf(link);
    expect(fireEvent.keyDown(link, { key: 'a' })).toBe(true);
    expect(presses).toEqual([]);
  });
});
