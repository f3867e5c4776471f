import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { inBondMovement } from '../fixtures/inBondMovement.ts';
import { seriousAxeViolations, type Viewport, viewportContext } from '../helpers/axe.ts';
import {
  launchChromium,
  pageProblems,
  requireChromium,
  screenshot,
  startWebDemoNode,
  textOf,
  tid,
} from '../helpers/browser.ts';
import { type RunningNode, waitFor } from '../helpers/programs.ts';

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test/e2e/screenshots');
const WAIT = 30_000;
const CARRIER = 'did:web:midwestbonded.example';
const CARRIER_NAME = 'Midwest Bonded Carriers Inc.';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field.
type Json = Record<string, any>;

if (requireChromium('In-bond screens in Chromium', 'the in-bond screens did NOT run.')) {
  describe('In-bond: the movement live under the verdict, arrival in one tap, the portal list and timeline (Chromium)', {
    timeout: 300_000,
  }, () => {
    let dataDir: string;
    let node: RunningNode;
    let browser: Browser;
    const tokens: Record<string, string> = {};
    const passwords: Record<string, string> = {};
    const movement = { id: '', envelope: '' };
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
      ({ dataDir, node } = await startWebDemoNode('clearledger-web-inbond-'));
      browser = await launchChromium();
      for (const line of readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8').split('\n')) {
        const [username, password] = line.split('\t');
        if (username !== undefined && password !== undefined) passwords[username] = password;
      }
      for (const who of ['carrier.staff', 'cbp.officer']) {
        const res = await fetch(`${node.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: who, password: passwords[who] }),
        });
        tokens[who] = ((await res.json()) as Json).accessToken;
      }
      const vc = inBondMovement({ entryType: '61', issuer: CARRIER }) as Json;
      vc.credentialSubject = {
        ...vc.credentialSubject,
        inBondNumber: '270455501',
        carrier: { id: CARRIER, name: CARRIER_NAME, bondedCarrierId: '95-1234567AB', scac: 'MWBC' },
      };
      const issued = await api('carrier.staff', 'POST', '/credentials/issue', { credential: vc });
      movement.id = `inbond_${issued.hash}`;
      const record = await waitFor(
        async () => {
          const r = await api('carrier.staff', 'GET', `/credentials/${encodeURIComponent(issued.id)}`);
          return r.anchor === null ? undefined : r;
        },
        WAIT,
        'the filing to be anchored',
        300,
      );
      movement.envelope = JSON.stringify({ verifiableCredential: record.verifiableCredential, anchor: record.anchor });
      await waitFor(
        async () => ((await api('cbp.officer', 'GET', `/in-bond/${movement.id}`)).registered ? true : undefined),
        WAIT,
        'the movement to be registered on the chain',
        300,
      );
      await api('cbp.officer', 'POST', `/in-bond/${movement.id}/events`, { kind: 'AUTHORIZE' });
      await api('carrier.staff', 'POST', `/in-bond/${movement.id}/events`, { kind: 'DEPART' });
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

    it('phone: the carrier verifies the filing, sees it en route with its deadline, and records the arrival in one tap', async () => {
      const { context, page } = await signIn('carrier.staff', 'phone');
      await page.goto(`${node.url}/#/`);
      await page.fill(tid('paste-input'), movement.envelope);
      await page.click(tid('paste-submit'));
      await page.waitForSelector(tid('instrument-panel', '[data-kind="inBond"]'));
      await page.waitForSelector(tid('inbond-state', '[data-state="EN_ROUTE"]'));
      assert.match(await textOf(page, tid('inbond-destination')), /2704.*3901/);
      assert.ok((await textOf(page, tid('inbond-deliverBy'))).length > 0, 'the delivery deadline shows');
      assert.match(await textOf(page, `${tid('inbond-carrier')} .party-label`), new RegExp(CARRIER_NAME));
      const before = await page.$$eval('[data-testid="inbond-event"]', (els) =>
        els.map((e) => e.getAttribute('data-kind')),
      );
      assert.deepEqual(
        before.filter((k) => k === 'AUTHORIZE' || k === 'DEPART'),
        ['AUTHORIZE', 'DEPART'],
        `authorised, then departed: ${before.join(', ')}`,
      );
      await checkScreen(page, 'inbond-phone-en-route');
      await page.click(tid('inbond-arrive'));
      await page.waitForSelector(`${tid('inbond-state', '[data-state="ARRIVED"]')}, ${tid('inbond-error')}`);
      const refusal = page.locator(tid('inbond-error'));
      if ((await refusal.count()) > 0) assert.fail(`the arrival was refused: ${await refusal.textContent()}`);
      assert.match(await textOf(page, tid('inbond-changed')), /En route → Arrived/);
      assert.equal(await page.locator(tid('inbond-arrive')).count(), 0, 'nothing left to tap');
      await checkScreen(page, 'inbond-phone-arrived');
      await context.close();
    });

    it('desktop: customs lists the movement and opens its timeline, each event by name', async () => {
      const { context, page } = await signIn('cbp.officer', 'desktop');
      await page.click(tid('nav-inbonds'));
      const row = page.locator(tid('inbond-row', `[data-id="${movement.id}"]`));
      await row.waitFor();
      assert.equal(await row.getAttribute('data-state'), 'ARRIVED');
      assert.match((await row.textContent()) ?? '', new RegExp(CARRIER_NAME));
      await checkScreen(page, 'inbond-desktop-list');
      await row.locator('a').click();
      await page.waitForSelector(tid('inbond-timeline'));
      const kinds = await page.$$eval('[data-testid="inbond-event"]', (els) =>
        els.map((e) => e.getAttribute('data-kind')),
      );
      assert.deepEqual(
        kinds.filter((k) => ['AUTHORIZE', 'DEPART', 'ARRIVE'].includes(k ?? '')),
        ['AUTHORIZE', 'DEPART', 'ARRIVE'],
        kinds.join(', '),
      );
      const last = page.locator(tid('inbond-event', '[data-kind="ARRIVE"]'));
      assert.match((await last.textContent()) ?? '', new RegExp(CARRIER_NAME));
      await checkScreen(page, 'inbond-desktop-timeline');
      await context.close();
      assert.deepEqual(logs.flat(), [], 'no console error or uncaught exception');
    });
  });
}
