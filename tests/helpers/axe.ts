// axe on every screen a test visits: WCAG 2.0, 2.1 and 2.2 A and AA rules, and best practice.
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
  return result.violations.map((v) => ({
    screen,
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
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
