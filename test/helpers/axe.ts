import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BROWSER_TIME_ZONE } from './browser.ts';

const root = new URL('../../', import.meta.url).pathname;
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** The viewports the browser tests look at: a 412 × 915 phone and a 1280 × 800 desktop. */
export const viewports = {
  phone: { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
} as const;
export type Viewport = keyof typeof viewports;

/** A browser context of that viewport, in English, whose waits are bounded to `wait` ms. */
export async function viewportContext(browser: Browser, kind: Viewport, wait = 30_000): Promise<BrowserContext> {
  const context = await browser.newContext({
    ...viewports[kind],
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: BROWSER_TIME_ZONE,
  });
  context.setDefaultTimeout(wait);
  context.setDefaultNavigationTimeout(wait);
  return context;
}

/** Serious and critical axe-core violations on the page as it is now, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
