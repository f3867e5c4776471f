import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_PORT_TIME_ZONE } from '@clearledger/core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type RunningNode, startNode } from './programs.ts';

const root = new URL('../../', import.meta.url).pathname;

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

/**
 * The time zone of every test browser: people file claims where the port is (the default port zone,
 * not the machine's UTC), so "today" in the app is today at the port whatever the hour in UTC.
 */
export const BROWSER_TIME_ZONE = DEFAULT_PORT_TIME_ZONE;

/** Today's date in {@link BROWSER_TIME_ZONE} (YYYY-MM-DD): what the app shows as today, what the node accepts. */
export function todayAtPort(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: BROWSER_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** A phone-sized browser context (360 × 740 CSS pixels, touch) whose waits are bounded to 30 s. */
export async function phoneContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-US',
    timezoneId: BROWSER_TIME_ZONE,
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

/**
 * When Chromium is missing, registers a suite that is skipped with `reason` (and fails under CI=1,
 * where a missing browser is a broken machine) and returns false; returns true when the browser
 * tests can run.
 */
export function requireChromium(title: string, reason: string): boolean {
  if (chromiumAvailable()) return true;
  const message = `${chromiumPath} is not installed: ${reason} Install it with \`apt-get install -y chromium\` and run the tests again.`;
  if (!process.env.CI) process.stderr.write(`\n*** ${message}\n\n`);
  describe(title, () => {
    it(process.env.CI ? 'needs Chromium in CI' : 'is skipped', (t) => {
      if (process.env.CI) assert.fail(message);
      t.skip(message);
    });
  });
  return false;
}

/**
 * Builds the web app when stale (the node serves whatever build exists when it starts), then starts
 * a node with the demo network in a fresh data folder.
 */
export async function startWebDemoNode(prefix: string): Promise<{ dataDir: string; node: RunningNode }> {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-web.mjs')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 90_000,
  });
  assert.equal(build.status, 0, `the web app builds:\n${build.stdout}${build.stderr}`);
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  return { dataDir, node: await startNode(dataDir, {}, 90_000, { demo: true }) };
}
