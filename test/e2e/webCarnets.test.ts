import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ataCarnet } from '../fixtures/ataCarnet.ts';
import { seriousAxeViolations, type Viewport, viewportContext } from '../helpers/axe.ts';
import {
  launchChromium,
  pageProblems,
  requireChromium,
  screenshot,
  startWebDemoNode,
  textOf,
  tid,
  todayAtPort,
} from '../helpers/browser.ts';
import { type RunningNode, waitFor } from '../helpers/programs.ts';

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test/e2e/screenshots');
const WAIT = 30_000;
const ISSUER = 'did:web:uscib.example';
const HOLDER = 'did:web:greatlakeshome.example';
const CUSTOMS_NAME = 'U.S. Customs and Border Protection';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field.
type Json = Record<string, any>;

if (requireChromium('ATA carnet screens in Chromium', 'the carnet screens did NOT run.')) {
  describe('ATA carnets: every item’s place under the verdict, a voucher in one tap, the portal’s carnet page (Chromium)', {
    timeout: 300_000,
  }, () => {
    let dataDir: string;
    let node: RunningNode;
    let browser: Browser;
    const tokens: Record<string, string> = {};
    const passwords: Record<string, string> = {};
    const carnet = { id: '', envelope: '' };
    const logs: string[][] = [];

    const api = async (who: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await fetch(`${node.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens[who]}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json()) as Json;
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    before(async () => {
      ({ dataDir, node } = await startWebDemoNode('clearledger-web-carnets-'));
      browser = await launchChromium();
      for (const line of readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8').split('\n')) {
        const [username, password] = line.split('\t');
        if (username !== undefined && password !== undefined) passwords[username] = password;
      }
      for (const who of ['uscib.staff', 'cbp.officer']) {
        const res = await fetch(`${node.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: who, password: passwords[who] }),
        });
        tokens[who] = ((await res.json()) as Json).accessToken;
      }
      const base = ataCarnet();
      const credential = {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
        type: ['VerifiableCredential', 'AtaCarnetCredential'],
        issuer: ISSUER,
        credentialSubject: {
          ...base,
          carnetNumber: 'US-700001',
          holder: { ...base.holder, id: HOLDER, name: 'Great Lakes Home Furnishings LLC' },
          issueDate: todayAtPort(),
          validUntil: todayAtPort(new Date(Date.now() + 300 * 86_400_000)),
        },
      };
      const issued = await api('uscib.staff', 'POST', '/credentials/issue', { credential });
      carnet.id = `carnet_${issued.hash}`;
      const record = await waitFor(
        async () => {
          const r = await api('uscib.staff', 'GET', `/credentials/${encodeURIComponent(issued.id)}`);
          return r.anchor === null ? undefined : r;
        },
        WAIT,
        'the carnet to be anchored',
        300,
      );
      carnet.envelope = JSON.stringify({ verifiableCredential: record.verifiableCredential, anchor: record.anchor });
      await waitFor(
        async () => ((await api('uscib.staff', 'GET', `/carnets/${carnet.id}`)).registered ? true : undefined),
        WAIT,
        'the carnet to be registered on the chain',
        300,
      );
    });

    after(async () => {
      await browser?.close().catch(() => undefined);
      await node?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    const signIn = async (username: string, kind: Viewport) => {
      const context = await viewportContext(browser, kind, WAIT);
      const page = await context.newPage();
      logs.push(pageProblems(page));
      await page.goto(`${node.url}/#/login`);
      await page.fill(tid('login-username'), username);
      await page.fill(tid('login-password'), passwords[username]!);
      await page.click(tid('login-submit'));
      await page.waitForSelector(tid('nav-logout'));
      return { context, page };
    };
    const checkScreen = async (page: Page, name: string) => {
      await screenshot(page, screenshots, name);
      assert.deepEqual(await seriousAxeViolations(page), [], `${name}: no serious or critical axe-core violation`);
    };
    const statuses = (page: Page) =>
      page.$$eval('[data-testid="carnet-item"]', (els) => els.map((e) => e.getAttribute('data-status')));

    it('phone: the officer verifies the carnet, sees every item at home, and endorses the exportation in one tap', async () => {
      const { context, page } = await signIn('cbp.officer', 'phone');
      await page.goto(`${node.url}/#/`);
      await page.fill(tid('paste-input'), carnet.envelope);
      await page.click(tid('paste-submit'));
      await page.waitForSelector(tid('instrument-panel', '[data-kind="carnet"]'));
      await page.waitForSelector(tid('carnet-item'));
      assert.deepEqual(await statuses(page), ['AT_HOME', 'AT_HOME', 'AT_HOME']);
      assert.equal(await page.inputValue(tid('voucher-kind')), 'EXPORT', 'the voucher that fits items at home');
      await page.fill(tid('voucher-office'), '2704');
      await checkScreen(page, 'carnets-phone-at-home');
      await page.click(tid('voucher-submit'));
      await page.waitForSelector(tid('carnet-endorsed'));
      assert.deepEqual(await statuses(page), ['ABROAD', 'ABROAD', 'ABROAD']);
      assert.match(await textOf(page, tid('carnet-endorsed')), /Exportation endorsed/);
      const voucher = page.locator(tid('carnet-voucher'));
      assert.equal(await voucher.getAttribute('data-kind'), 'EXPORT');
      assert.match((await voucher.textContent()) ?? '', new RegExp(`2704.*${CUSTOMS_NAME}`, 's'));
      // A second exportation of items already abroad: the node's message and code.
      await page.selectOption(tid('voucher-kind'), 'EXPORT');
      await page.click(tid('voucher-submit'));
      const error = page.locator(tid('voucher-error'));
      await error.waitFor();
      assert.match((await error.getAttribute('data-code')) ?? '', /^CL_CARNET_/);
      await checkScreen(page, 'carnets-phone-endorsed');
      await context.close();
    });

    it('desktop: the issuing association lists the carnet and opens its page with every item abroad and the voucher', async () => {
      const { context, page } = await signIn('uscib.staff', 'desktop');
      assert.equal(await page.locator(tid('nav-permits')).count(), 0, 'no permit menu for a carnet issuer');
      await page.click(tid('nav-carnets'));
      const row = page.locator(tid('carnet-row', `[data-id="${carnet.id}"]`));
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /US-700001.*Great Lakes Home Furnishings LLC/s);
      await checkScreen(page, 'carnets-desktop-list');
      await row.locator('a').click();
      await page.waitForSelector(tid('carnet-voucher'));
      assert.deepEqual(await statuses(page), ['ABROAD', 'ABROAD', 'ABROAD']);
      await checkScreen(page, 'carnets-desktop-page');
      await context.close();
      const refused = /status of 4\d\d .*\/carnets\/.*\/vouchers/;
      assert.deepEqual(
        logs.flat().filter((l) => !refused.test(l)),
        [],
        'no console error or uncaught exception',
      );
    });
  });
}
