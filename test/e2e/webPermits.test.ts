import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { entryNumberCheckDigit } from '@clearledger/core';
import type { Browser, Page } from 'playwright-core';
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
const AGENCY = 'did:web:aphis.usda.example';
const AGENCY_NAME = 'USDA Animal and Plant Health Inspection Service';
const IMPORTER = 'did:web:greatlakeshome.example';
const IMPORTER_NAME = 'Great Lakes Home Furnishings LLC';
const kinds: Viewport[] = ['phone', 'desktop'];

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field.
type Json = Record<string, any>;

/** An entry number of the demo importer (filer code GLH) with its check digit. */
const entry = (n: number) => {
  const base = `GLH${String(n).padStart(7, '0')}`;
  return `${base.slice(0, 3)}-${base.slice(3)}-${entryNumberCheckDigit(base)}`;
};

/** An APHIS plant import permit for the demo importer: 500 kg of oak logs from Germany, through Laredo. */
const permitOf = (serial: number) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
  type: ['VerifiableCredential', 'LpcoCredential'],
  issuer: AGENCY,
  credentialSubject: {
    type: 'Lpco',
    lpcoType: 'PERMIT',
    agency: { code: 'APHIS', name: AGENCY_NAME },
    program: 'PPQ 587 plant import permit',
    number: `P587-26-${String(serial).padStart(5, '0')}`,
    holder: { id: IMPORTER, name: IMPORTER_NAME, importerNumber: '36-441820100', country: 'US' },
    issuedOn: todayAtPort(new Date(Date.now() - 86_400_000)),
    expiresOn: todayAtPort(new Date(Date.now() + 300 * 86_400_000)),
    singleUse: false,
    authorizedQuantity: { value: '500', unit: 'KG' },
    scope: { hs: ['440391'], countries: ['DE'], ports: ['2304'] },
    goodsDescription: 'Oak logs, debarked',
  },
});

if (requireChromium('Permits in the officer app and the portal (Chromium)', 'the permit screens did NOT run.')) {
  describe('Permits: the live balance under the verdict, a draw in one tap, the portal list with its use (Chromium)', {
    timeout: 420_000,
  }, () => {
    let dataDir: string;
    let node: RunningNode;
    let browser: Browser;
    const tokens: Record<string, string> = {};
    const passwords: Record<string, string> = {};
    /** One permit per viewport: its envelope (record and anchor receipt) and its node id. */
    const permits: { id: string; number: string; envelope: string }[] = [];
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
      ({ dataDir, node } = await startWebDemoNode('clearledger-web-permits-'));
      browser = await launchChromium();
      for (const line of readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8').split('\n')) {
        const [username, password] = line.split('\t');
        if (username !== undefined && password !== undefined) passwords[username] = password;
      }
      for (const who of ['aphis.staff', 'importer.admin', 'cbp.officer']) {
        const res = await fetch(`${node.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: who, password: passwords[who] }),
        });
        tokens[who] = ((await res.json()) as Json).accessToken;
      }
      for (const [index] of kinds.entries()) {
        const credential = permitOf(index + 1);
        const issued = await api('aphis.staff', 'POST', '/credentials/issue', { credential });
        const id = `permit_${issued.hash}`;
        const record = await waitFor(
          async () => {
            const r = await api('aphis.staff', 'GET', `/credentials/${encodeURIComponent(issued.id)}`);
            return r.anchor === null ? undefined : r;
          },
          WAIT,
          'the permit to be anchored',
          300,
        );
        await waitFor(
          async () => ((await api('aphis.staff', 'GET', `/permits/${id}`)).registered === true ? true : undefined),
          WAIT,
          'the permit to be registered on the chain',
          300,
        );
        permits.push({
          id,
          number: credential.credentialSubject.number,
          envelope: JSON.stringify({ verifiableCredential: record.verifiableCredential, anchor: record.anchor }),
        });
      }
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
    const balanceIs = (page: Page, balance: string) =>
      page.waitForSelector(tid('permit-balance', `[data-balance="${balance}"]`), { timeout: WAIT });

    for (const [index, kind] of kinds.entries()) {
      it(`${kind}: the verified permit shows its live balance 500 under the verdict; one tap draws 200 and shows 300 at once`, async () => {
        const permit = permits[index]!;
        const { context, page } = await signIn('importer.admin', kind);
        await page.goto(`${node.url}/#/`);
        await page.waitForSelector(tid('paste-input'));
        await page.fill(tid('paste-input'), permit.envelope);
        await page.click(tid('paste-submit'));
        await page.waitForSelector(tid('verdict'));
        await page.waitForSelector(tid('instrument-panel', '[data-kind="permit"]'));
        await balanceIs(page, '500');
        const order = await page.$$eval('main [data-testid]', (els) =>
          els
            .map((e) => e.getAttribute('data-testid'))
            .filter((id) => ['verdict', 'key-facts', 'instrument-panel'].includes(id ?? '')),
        );
        assert.deepEqual(order, ['verdict', 'key-facts', 'instrument-panel'], 'the live facts come after the verdict');
        const verdict = await page.getAttribute(tid('verdict'), 'data-verdict');
        const tone = await page.getAttribute(tid('permit-state'), 'data-tone');
        assert.equal(await page.getAttribute(tid('permit-state'), 'data-state'), 'ACTIVE');
        assert.equal(tone, verdict === 'VALID' ? 'valid' : 'neutral', `nothing green unless VALID (${verdict})`);
        assert.match(await textOf(page, `${tid('permit-holder')} .party-label`), new RegExp(IMPORTER_NAME));
        assert.match(await textOf(page, `${tid('permit-agency')} .party-label`), new RegExp(AGENCY_NAME));
        assert.equal(await page.locator(tid('permit-no-uses')).count(), 1);
        // The permit's scope filled port, HTS and country: entry, line and quantity are left.
        assert.equal(await page.inputValue(tid('draw-port')), '2304');
        assert.equal(await page.inputValue(tid('draw-country')), 'DE');
        await page.fill(tid('draw-entryNumber'), entry(52_001 + index));
        await page.fill(tid('draw-quantity'), '200');
        await checkScreen(page, `permits-${kind}-before-draw`);
        await page.click(tid('draw-submit'));
        await balanceIs(page, '300');
        assert.match(await textOf(page, tid('permit-drawn')), /500 → 300/);
        assert.equal(await page.getAttribute(tid('permit-state'), 'data-state'), 'PARTIALLY_USED');
        const use = page.locator(tid('permit-use')).first();
        assert.equal(await use.getAttribute('data-entry'), entry(52_001 + index));
        assert.match((await use.textContent()) ?? '', new RegExp(`200 KG.*2304.*${IMPORTER_NAME}`, 's'));
        // The same entry line again: the node's message and code, never a stack.
        await page.fill(tid('draw-entryNumber'), entry(52_001 + index));
        await page.fill(tid('draw-quantity'), '250');
        await page.click(tid('draw-submit'));
        await page.waitForSelector(tid('draw-error', '[data-code="CL_PERMIT_USE_KEY_REUSED"]'));
        assert.doesNotMatch(await textOf(page, tid('draw-error')), /at \w+ \(|\.ts:\d+/, 'no stack trace');
        await balanceIs(page, '300');
        await checkScreen(page, `permits-${kind}-drawn`);
        await context.close();
      });

      it(`${kind}: the portal lists the permit with its balance and holder and agency by name; its page shows the use; the agency reverses it`, async () => {
        const permit = permits[index]!;
        const importer = await signIn('importer.admin', kind);
        await importer.page.click(tid('nav-permits'));
        const row = importer.page.locator(tid('permit-row', `[data-id="${permit.id}"]`));
        await row.waitFor();
        assert.equal(await row.getAttribute('data-state'), 'PARTIALLY_USED');
        assert.match((await row.textContent()) ?? '', /300 of 500 KG/);
        assert.match((await row.textContent()) ?? '', new RegExp(`${IMPORTER_NAME}.*${AGENCY_NAME}`, 's'));
        await checkScreen(importer.page, `permits-${kind}-list`);
        await row.locator('a').click();
        await importer.page.waitForSelector(tid('permit-use'));
        assert.equal(await importer.page.locator(tid('permit-use')).count(), 1);
        assert.equal(await importer.page.locator(tid('reverse-open')).count(), 0, 'only the agency reverses');
        await importer.context.close();

        const agency = await signIn('aphis.staff', kind);
        assert.equal(await agency.page.locator(tid('nav-carnets')).count(), 0, 'no carnet menu for an agency');
        await agency.page.goto(`${node.url}/#/permits/${permit.id}`);
        await agency.page.click(tid('reverse-open'));
        await agency.page.fill(tid('reverse-reason'), 'Entry line withdrawn by the importer');
        await agency.page.click(tid('reverse-submit'));
        await agency.page.waitForSelector(tid('permit-use', '[data-reversed="true"]'));
        await balanceIs(agency.page, '500');
        assert.match(await textOf(agency.page, tid('permit-use-reversed')), /withdrawn by the importer/);
        await checkScreen(agency.page, `permits-${kind}-reversed`);
        await agency.context.close();
      });
    }

    it('customs lands on Verify with the instruments section computed from the lists', async () => {
      const officer = await signIn('cbp.officer', 'phone');
      await officer.page.goto(`${node.url}/#/`);
      await officer.page.waitForSelector(tid('customs-dashboard'));
      await officer.page.waitForSelector(tid('dashboard-permits-low'));
      // Each group counts what it lists (the demo network's own instruments may be among them).
      for (const group of [
        'dashboard-inbond',
        'dashboard-carnets',
        'dashboard-permits-low',
        'dashboard-permits-expiring',
      ]) {
        const count = Number(await officer.page.getAttribute(tid(group), 'data-count'));
        assert.equal(await officer.page.locator(`${tid(group)} li`).count(), count, group);
      }
      assert.equal(
        await officer.page.locator(`${tid('dashboard-permits-low')} a[href*="${permits[0]!.id}"]`).count(),
        0,
        'a permit back at its full balance is not near exhaustion',
      );
      assert.equal(await officer.page.locator(tid('nav-carnets')).count(), 1);
      assert.equal(await officer.page.locator(tid('nav-inbonds')).count(), 1);
      assert.equal(await officer.page.locator(tid('nav-permits')).count(), 0);
      await checkScreen(officer.page, 'permits-customs-dashboard');
      await officer.context.close();
      // The refused draw's 409 is the browser's own log line of a failed request; nothing else.
      const refused = /status of 409 .*\/permits\/draws/;
      assert.deepEqual(
        logs.flat().filter((l) => !refused.test(l)),
        [],
        'no console error or uncaught exception',
      );
    });
  });
}
