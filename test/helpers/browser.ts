import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** The system Chromium the browser tests drive (Debian's `chromium` package); never a downloaded browser. */
export const chromiumPath = '/usr/bin/chromium';

/** Whether the browser tests can run on this machine. */
export const chromiumAvailable = (): boolean => existsSync(chromiumPath);

const quietFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Headless Chromium; with `camera`, its camera is a fake one playing that `.y4m` file (absolute path). */
export function launchChromium({ camera }: { camera?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    timeout: 30_000,
    args: [
      ...quietFlags,
      ...(camera === undefined
        ? []
        : [
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-video-capture=${camera}`,
          ]),
    ],
  });
}

/** A phone-sized browser context (360 × 740 CSS pixels, touch) whose waits are bounded to 30 s. */
export async function phoneContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-US',
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** Collects the page's console errors and uncaught exceptions, for assertion messages. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** `[data-testid="…"]`, optionally with more attribute selectors (`tid('verdict', '[data-verdict="VALID"]')`). */
export const tid = (id: string, more = ''): string => `[data-testid="${id}"]${more}`;

/** The trimmed text content of the first element matching `selector` ('' when it has none). */
export const textOf = async (page: Page, selector: string): Promise<string> =>
  ((await page.textContent(selector)) ?? '').trim();

/** Saves a screenshot of what the page shows as `<folder>/<name>.png`, creating the folder when needed. */
export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, fullPage: false, animations: 'disabled' });
  return path;
}

export type UnnamedControl = { tag: string; testid: string | null; role: string };

/**
 * The form controls (input, select, textarea, button) in the part of the page matched by `root`
 * that have no accessible name, as Chromium's accessibility tree computes it (labels, aria-label,
 * aria-labelledby, button text…). Controls the tree ignores (hidden) are not counted.
 */
export async function controlsWithoutName(
  page: Page,
  root = 'body',
): Promise<{ checked: number; unnamed: UnnamedControl[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { root: document } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
      nodeId: document.nodeId,
      selector: `${root} input, ${root} select, ${root} textarea, ${root} button`,
    });
    let checked = 0;
    const unnamed: UnnamedControl[] = [];
    for (const nodeId of nodeIds) {
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      const node = nodes[0];
      if (node === undefined || node.ignored === true) continue;
      checked++;
      const name = String(node.name?.value ?? '').trim();
      if (name !== '') continue;
      const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
      const attribute = (key: string) => {
        const at = attributes.findIndex((a, i) => i % 2 === 0 && a === key);
        return at === -1 ? null : (attributes[at + 1] ?? null);
      };
      const { node: described } = await cdp.send('DOM.describeNode', { nodeId });
      unnamed.push({
        tag: described.localName,
        testid: attribute('data-testid'),
        role: String(node.role?.value ?? ''),
      });
    }
    return { checked, unnamed };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
