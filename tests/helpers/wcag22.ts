// Measurements for the criteria new in WCAG 2.2 (AA), taken on the screen as drawn: target size
// (2.5.8), focus not obscured (2.4.11) and the order of help (3.2.6). Each returns the problems
// it finds, in words that name the screen and the element, so one run reports every screen.
import type { Page } from 'playwright-core';

/**
 * WCAG 2.5.8: every target at least 24 by 24 CSS pixels, or spaced so that a 24 px circle on its
 * centre touches no other target nor another small target's circle. A link inside a sentence is
 * exempt (its size is set by the line of text), as is what is visually hidden until focused.
 */
export async function smallTargets(page: Page, screen: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const selector = [
      'a[href]',
      'button',
      'input:not([type=hidden])',
      'select',
      'textarea',
      'summary',
      '[role=button]',
      'label.govuk-radios__label',
      'label.govuk-checkboxes__label',
    ].join(',');
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      // GOV.UK's visually hidden pattern (the skip link until focused) draws 1 by 1 px or less.
      return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
    };
    const targets = [...document.querySelectorAll(selector)].filter(visible);
    const boxes = targets.map((t) => t.getBoundingClientRect());
    const small = (r: DOMRect) => r.width < 24 || r.height < 24;
    const centre = (r: DOMRect) => [r.x + r.width / 2, r.y + r.height / 2] as const;
    const inSentence = (el: Element) =>
      el.tagName === 'A' &&
      getComputedStyle(el).display === 'inline' &&
      (el.parentElement?.textContent ?? '').trim().length >
        (el.textContent ?? '').trim().length + 3;
    const problems: string[] = [];
    targets.forEach((el, i) => {
      const r = boxes[i]!;
      if (!small(r) || inSentence(el)) return;
      const [cx, cy] = centre(r);
      const crowded = targets.some((other, j) => {
        if (j === i || other.contains(el) || el.contains(other)) return false;
        // A label and its own input are one target.
        if ((el as HTMLLabelElement).control === other) return false;
        if ((other as HTMLLabelElement).control === el) return false;
        const o = boxes[j]!;
        if (small(o)) {
          const [ox, oy] = centre(o);
          return Math.hypot(cx - ox, cy - oy) < 24;
        }
        const dx = Math.max(o.left - cx, 0, cx - o.right);
        const dy = Math.max(o.top - cy, 0, cy - o.bottom);
        return Math.hypot(dx, dy) < 12;
      });
      if (crowded) {
        const name = (el.textContent || el.getAttribute('aria-label') || el.id).trim();
        problems.push(
          `${el.tagName.toLowerCase()} "${name.slice(0, 40)}" is ${r.width.toFixed(0)}×${r.height.toFixed(0)} px with another target within its 24 px circle`,
        );
      }
    });
    return problems;
  });
  return found.map((f) => `${screen}: ${f}`);
}

/**
 * WCAG 2.4.11: Tab through the screen (from the top, as a keyboard user arrives) and, at each stop,
 * whether the focused element is wholly hidden under something fixed or sticky (a header, a status
 * bar) that does not contain it. Stops when focus comes round again or leaves the page.
 */
export async function hiddenFocus(page: Page, screen: string, limit = 150): Promise<string[]> {
  // What is fixed or sticky is found once per screen (focus moving does not change it), and each
  // stop is named by a number of its own, so a stop costs one short round trip.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    const w = window as unknown as { wcag22Covers: Element[]; wcag22Stops: Map<Element, number> };
    w.wcag22Covers = [...document.querySelectorAll('body *')].filter((c) =>
      /^(fixed|sticky)$/.test(getComputedStyle(c).position),
    );
    w.wcag22Stops = new Map();
  });
  const problems: string[] = [];
  let first: string | null = null;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const w = window as unknown as {
        wcag22Covers: Element[];
        wcag22Stops: Map<Element, number>;
      };
      const r = el.getBoundingClientRect();
      const covers = w.wcag22Covers.filter((c) => {
        if (c.contains(el)) return false;
        const b = c.getBoundingClientRect();
        return r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom;
      });
      if (!w.wcag22Stops.has(el)) w.wcag22Stops.set(el, w.wcag22Stops.size);
      return {
        key: `${w.wcag22Stops.get(el)}`,
        name: (el.textContent || el.getAttribute('aria-label') || el.id || el.tagName).trim(),
        coveredBy: covers.map((c) => `${c.tagName.toLowerCase()}.${[...c.classList].join('.')}`),
        offScreen: r.bottom <= 0 || r.top >= innerHeight,
      };
    });
    if (!stop) continue;
    if (stop.key === first) break;
    first ??= stop.key;
    // Off screen right after the Tab can be the page moving under it (a sync banner appearing
    // above as the tablet sends its changes), not where focus was put: focused again, the browser
    // brings it into view, unless something keeps it out of sight.
    if (stop.offScreen) {
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      stop.offScreen = await page.evaluate(() => {
        const r = document.activeElement?.getBoundingClientRect();
        return !r || r.bottom <= 0 || r.top >= innerHeight;
      });
    }
    if (stop.coveredBy.length > 0 || stop.offScreen)
      problems.push(
        `${screen}: focus on "${stop.name.slice(0, 40)}" is hidden (${stop.offScreen ? 'off screen' : `under ${stop.coveredBy.join(', ')}`})`,
      );
  }
  return problems;
}

/** The help on a screen, in the order it comes (WCAG 3.2.6): duty phone, safety concern, help. */
export async function helpInOrder(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'a[href^="tel:"], a[href^="/concerns/new"], a[href^="/help/"], .app-duty-phone',
      ),
    ].map((el) =>
      el.matches('a[href^="tel:"], .app-duty-phone')
        ? 'duty phone'
        : (el.textContent ?? '').trim().replace(/\s+/g, ' '),
    ),
  );
}

/**
 * Pairs of help found in both orders on different screens, e.g. the duty phone before the
 * accessibility statement on one and after it on another.
 */
export function helpOrderClashes(screens: Record<string, string[]>): string[] {
  const firstSeen = new Map<string, string>();
  const clashes: string[] = [];
  for (const [screen, items] of Object.entries(screens)) {
    const unique = [...new Set(items)];
    for (let a = 0; a < unique.length; a++)
      for (let b = a + 1; b < unique.length; b++) {
        const pair = `${unique[a]} → ${unique[b]}`;
        const reverse = `${unique[b]} → ${unique[a]}`;
        if (firstSeen.has(reverse))
          clashes.push(`${screen} has ${pair}; ${firstSeen.get(reverse)} has ${reverse}`);
        if (!firstSeen.has(pair)) firstSeen.set(pair, screen);
      }
  }
  return clashes;
}
