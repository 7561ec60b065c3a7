// axe on every screen a test visits: WCAG 2.0, 2.1 and 2.2 A and AA rules, and best practice;
// and, beside it, whether the screen scrolls sideways at the tablet's width (reflow, WCAG 1.4.10:
// a wide table scrolls inside its own region, the page never does).
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export type AxeFinding = {
  screen: string;
  id: string;
  impact: string | null | undefined;
  nodes: string[];
};

export async function axeScan(page: Page, screen: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const findings: AxeFinding[] = result.violations.map((v) => ({
    screen,
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
  const wide = await sidewaysScroll(page);
  if (wide.length > 0)
    findings.push({ screen, id: 'page-scrolls-sideways', impact: 'serious', nodes: wide });
  return findings;
}

/** The outermost elements that reach past the right edge, when the page scrolls sideways. */
async function sidewaysScroll(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const edge = root.clientWidth + 1;
    const beyond = (el: Element) => el.getBoundingClientRect().right > edge;
    // Inside a region that scrolls or clips on its own (and fits), an element reaching further
    // does not move the page.
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (/auto|scroll|hidden|clip/.test(getComputedStyle(a).overflowX) && !beyond(a))
          return true;
      }
      return false;
    };
    const outermost = [...document.body.querySelectorAll('*')].filter(
      (el) => beyond(el) && !clipped(el) && !(el.parentElement && beyond(el.parentElement)),
    );
    return outermost.slice(0, 5).map((el) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
      const right = Math.round(el.getBoundingClientRect().right);
      return `${el.tagName.toLowerCase()}${id}${cls} (to ${right}px of ${root.clientWidth}px)`;
    });
  });
}

/** Collects findings across a test, so one run reports every screen at once. */
export function createAxeLog() {
  const findings: AxeFinding[] = [];
  const screens: string[] = [];
  return {
    findings,
    screens,
    async scan(page: Page, screen: string) {
      screens.push(screen);
      findings.push(...(await axeScan(page, screen)));
    },
  };
}
