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
  tid,
  todayAtPort,
} from '../helpers/browser.ts';
import { type RunningNode, waitFor } from '../helpers/programs.ts';

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test/e2e/screenshots');
const WAIT = 30_000;
const today = () => todayAtPort();
const PRODUCER_NAME = 'Muebles Artesanales de Jalisco S.A. de C.V.';
const IMPORTER_NAME = 'Great Lakes Home Furnishings LLC';
const CUSTOMS_NAME = 'U.S. Customs and Border Protection';
const kinds: Viewport[] = ['phone', 'desktop'];

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field.
type Json = Record<string, any>;

/** An entry number of the demo importer (filer code GLH) with its check digit. */
const entry = (n: number) => {
  const base = `GLH-${String(n).padStart(7, '0')}`;
  return `${base}-${entryNumberCheckDigit(base)}`;
};

/**
 * Identifiers shown on their own in the page's main part: a text that is an `acct_…`, `did:web:…`
 * or `claim_…` id and is not the secondary line under a name.
 */
async function bareIdentifiers(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (!/(^|\\s)(acct_|did:web:|claim_)/.test(text)) continue;
      const parent = node.parentElement;
      if (parent.closest('option, textarea, script, style') !== null) continue;
      if (parent.getClientRects().length === 0) continue;
      const secondary = parent.closest('.party-id');
      const label = secondary?.parentElement?.querySelector('.party-label')?.textContent.trim() ?? '';
      if (secondary === null || label === '') found.push(text);
    }
    return found;
  })()`);
}

if (
  requireChromium(
    'Parties by name and portal basics in Chromium',
    'the browser tests of names in the portal did NOT run.',
  )
) {
  describe('Parties by name, records with their standing, landing per role and badges, in Chromium', {
    timeout: 420_000,
  }, () => {
    let dataDir: string;
    let node: RunningNode;
    let browser: Browser;
    const tokens: Record<string, string> = {};
    const passwords: Record<string, string> = {};
    /** Ids the API part hands to the browser parts. */
    const made = { records: [] as string[], revoked: '', suspended: '', accepted: '', waiting: '', request: '' };

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
      ({ dataDir, node } = await startWebDemoNode('clearledger-web-names-'));
      browser = await launchChromium();
      for (const line of readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8').split('\n')) {
        const [username, password] = line.split('\t');
        if (username !== undefined && password !== undefined) passwords[username] = password;
      }
      for (const who of ['producer.admin', 'importer.admin', 'cbp.officer']) {
        const res = await fetch(`${node.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: who, password: passwords[who] }),
        });
        tokens[who] = ((await res.json()) as Json).accessToken;
      }
      // The demo producer's three certifications, anchored; newest first.
      const records = await waitFor(
        async () => {
          const list = await api('producer.admin', 'GET', '/credentials?order=newest&status=anchored');
          return list.total === 3 ? (list.items as Json[]) : undefined;
        },
        WAIT,
        'the demo certifications to be anchored',
        300,
      );
      made.records = records.map((r) => r.id);
      const oldest = await api('producer.admin', 'GET', `/credentials/${encodeURIComponent(made.records[2]!)}`);
      const certification = { verifiableCredential: oldest.verifiableCredential, anchor: oldest.anchor };
      const line = { htsus: '9403604081', importDate: today(), valueUsd: '48250.00' };
      const accepted = await api('importer.admin', 'POST', '/origin/claims', {
        ...line,
        entryNumber: entry(417101),
        entryLine: 1,
        certification,
      });
      assert.equal(accepted.state, 'ACCEPTED', JSON.stringify(accepted.assessment));
      made.accepted = accepted.id;
      // Without a certification, a non-commercial line waits for an officer.
      const waiting = await api('importer.admin', 'POST', '/origin/claims', {
        ...line,
        entryNumber: entry(417102),
        entryLine: 1,
        valueUsd: '90000',
        commercial: false,
      });
      assert.equal(waiting.state, 'MADE');
      made.waiting = waiting.id;
      const request = await api('cbp.officer', 'POST', `/origin/claims/${made.accepted}/requests`, {
        to: 'did:web:muebles-jalisco.example',
        question: 'Please send the supplier invoices for the oak boards of line 1.',
        dueInBusinessDays: 10,
      });
      made.request = request.id;
      made.revoked = made.records[1]!;
      made.suspended = made.records[0]!;
      await api('producer.admin', 'POST', '/credentials/status', {
        credentialId: made.revoked,
        status: 'REVOKED',
        reason: 'CERTIFIER_ERROR',
      });
      await api('producer.admin', 'POST', '/credentials/status', {
        credentialId: made.suspended,
        status: 'SUSPENDED',
        reason: 'UNDER_REVIEW',
      });
    });

    after(async () => {
      await browser?.close().catch(() => undefined);
      await node?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    /** Signs a demo person in through the sign-in screen, in a browser of that viewport. */
    const signIn = async (username: string, kind: Viewport) => {
      const context = await viewportContext(browser, kind, WAIT);
      const page = await context.newPage();
      const problems = pageProblems(page);
      await page.goto(`${node.url}/#/login`);
      await page.fill(tid('login-username'), username);
      await page.fill(tid('login-password'), passwords[username]!);
      await page.click(tid('login-submit'));
      await page.waitForSelector(tid('nav-logout'));
      return { context, page, problems };
    };

    /** Screenshot and axe-core of the screen as it is; for lists and histories, no identifier without its name. */
    const checkScreen = async (page: Page, name: string, { names = true } = {}) => {
      await screenshot(page, screenshots, name);
      assert.deepEqual(await seriousAxeViolations(page), [], `${name}: no serious or critical axe-core violation`);
      if (names) assert.deepEqual(await bareIdentifiers(page), [], `${name}: no identifier shown without a name`);
    };
    const rowCount = (page: Page, count: number) =>
      page.waitForFunction((n) => document.querySelectorAll('[data-testid="record-row"]').length === n, count, {
        timeout: WAIT,
      });

    for (const kind of kinds) {
      it(`${kind}: each role lands where its work is, with badges for what waits on it`, async () => {
        const officer = await signIn('cbp.officer', kind);
        await officer.page.waitForSelector(tid('claims-queue'));
        assert.match(officer.page.url(), /#\/?$|#\/verify/, 'the officer starts on Verify');
        await officer.page.waitForSelector(tid('queue-row'));
        const states = await officer.page.$$eval(tid('queue-row'), (rows) =>
          rows.map((r) => r.getAttribute('data-state')),
        );
        assert.equal(states[0], 'MADE', `the claim waiting for a decision comes first: ${states.join(', ')}`);
        assert.ok(states.includes('ACCEPTED'), 'decided claims follow');
        assert.match((await officer.page.textContent(tid('claims-queue'))) ?? '', new RegExp(IMPORTER_NAME));
        assert.equal(await officer.page.getAttribute(tid('nav-claims-count'), 'data-count'), '1');
        await officer.page.locator(tid('claims-queue')).scrollIntoViewIfNeeded();
        await checkScreen(officer.page, `names-${kind}-officer-landing`);
        await officer.context.close();

        const importer = await signIn('importer.admin', kind);
        await importer.page.waitForSelector(tid('claims-table'));
        assert.match(importer.page.url(), /#\/claims$/, 'the importer starts on its claims');
        assert.equal(await importer.page.locator(tid('nav-claims-count')).count(), 0, 'nothing waits on the importer');
        await importer.context.close();

        const broker = await signIn('broker.staff', kind);
        await broker.page.waitForSelector('#claims-title');
        assert.match(broker.page.url(), /#\/claims$/, 'the broker starts on the claims it files');
        await broker.context.close();

        const producer = await signIn('producer.admin', kind);
        await producer.page.waitForSelector(tid('records-table'));
        assert.match(producer.page.url(), /#\/records/, 'the producer starts on its records');
        await producer.page.waitForSelector(tid('nav-requests-count'));
        assert.equal(await producer.page.getAttribute(tid('nav-requests-count'), 'data-count'), '1');
        assert.deepEqual(producer.problems, []);
        await producer.context.close();
      });

      it(`${kind}: records list by number, importer and period, newest first; revoked and suspended shown and filtered`, async () => {
        const { context, page, problems } = await signIn('producer.admin', kind);
        await page.waitForSelector(tid('record-row'));
        const rows = await page.$$eval(tid('record-row'), (trs) =>
          trs.map((tr) => ({
            id: tr.getAttribute('data-id'),
            standing: tr.getAttribute('data-standing'),
            text: tr.textContent ?? '',
          })),
        );
        assert.deepEqual(
          rows.map((r) => r.id),
          made.records,
          'newest first',
        );
        for (const row of rows) {
          assert.match(row.text, /MX-MAJ-\d{4}-\d{5}/, 'the certification number');
          assert.ok(row.text.includes(IMPORTER_NAME), `the importer by name: ${row.text}`);
          assert.match(row.text, /\d{4}.*–.*\d{4}/s, 'the blanket period');
        }
        const statusOf = (id: string) =>
          page.textContent(`${tid('record-row')}[data-id="${id}"] ${tid('record-status')}`);
        assert.equal((await statusOf(made.revoked))?.trim(), 'REVOKED');
        assert.equal((await statusOf(made.suspended))?.trim(), 'SUSPENDED');
        assert.equal((await statusOf(made.records[2]!))?.trim(), 'Anchored');
        if (kind === 'phone') {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `the list fits a 412 px phone (overflow ${overflow}px)`);
        }
        await checkScreen(page, `names-${kind}-records`);

        await page.selectOption(tid('records-status-filter'), 'revoked');
        await rowCount(page, 1);
        assert.equal(await page.getAttribute(tid('record-row'), 'data-id'), made.revoked);
        await page.selectOption(tid('records-status-filter'), 'suspended');
        await page.waitForSelector(`${tid('record-row')}[data-id="${made.suspended}"]`);
        assert.equal(await page.locator(tid('record-row')).count(), 1);
        await page.selectOption(tid('records-status-filter'), '');
        await rowCount(page, 3);
        await page.selectOption(tid('records-type-filter'), 'USMCACertificationOfOrigin');
        await page.waitForURL(/type=USMCACertificationOfOrigin/);
        await rowCount(page, 3);
        assert.equal(await page.inputValue(tid('records-type-filter')), 'USMCACertificationOfOrigin');
        await checkScreen(page, `names-${kind}-records-filtered`);
        assert.deepEqual(problems, []);
        await context.close();
      });

      it(`${kind}: a revoked record says REVOKED and its actions are off; a suspended one only reinstates or revokes`, async () => {
        const { context, page } = await signIn('producer.admin', kind);
        await page.goto(`${node.url}/#/records/${encodeURIComponent(made.revoked)}`);
        await page.waitForSelector(tid('record-standing', '[data-status="REVOKED"]'));
        assert.equal((await page.textContent(`${tid('record-page')} ${tid('record-status')}`))?.trim(), 'REVOKED');
        assert.match((await page.textContent(tid('record-standing'))) ?? '', /CERTIFIER_ERROR/);
        for (const button of ['suspend-button', 'reinstate-button', 'revoke-button'])
          assert.ok(await page.isDisabled(tid(button)), `${button} is disabled on a revoked record`);
        await page.locator(tid('status-actions')).scrollIntoViewIfNeeded();
        await checkScreen(page, `names-${kind}-record-revoked`, { names: false });

        await page.goto(`${node.url}/#/records/${encodeURIComponent(made.suspended)}`);
        await page.waitForSelector(tid('record-standing', '[data-status="SUSPENDED"]'));
        assert.equal((await page.textContent(`${tid('record-page')} ${tid('record-status')}`))?.trim(), 'SUSPENDED');
        await page.fill(tid('status-reason'), 'CHECKED');
        assert.ok(await page.isDisabled(tid('suspend-button')), 'a suspended record is not suspended again');
        assert.ok(await page.isEnabled(tid('reinstate-button')));
        assert.ok(await page.isEnabled(tid('revoke-button')));
        await checkScreen(page, `names-${kind}-record-suspended`, { names: false });
        await context.close();
      });

      it(`${kind}: claims, a claim's history and the ask form name the parties; the party asked is picked from them`, async () => {
        const importer = await signIn('importer.admin', kind);
        await importer.page.waitForSelector(tid('claim-row'));
        const table = (await importer.page.textContent(tid('claims-table'))) ?? '';
        assert.ok(table.includes(IMPORTER_NAME) && table.includes(PRODUCER_NAME), 'importer and certifier by name');
        const clipped = await importer.page.$eval(tid('claims-table'), (t) => t.scrollWidth - t.clientWidth);
        assert.ok(clipped <= 0, `the claims list fits the screen without scrolling sideways (${clipped}px more)`);
        await checkScreen(importer.page, `names-${kind}-claims`);
        await importer.page.goto(`${node.url}/#/claims/${made.accepted}`);
        await importer.page.waitForSelector(tid('claim-events'));
        assert.ok(((await importer.page.textContent(tid('claim-claimant'))) ?? '').includes(IMPORTER_NAME));
        assert.ok(((await importer.page.textContent(tid('claim-certifier'))) ?? '').includes(PRODUCER_NAME));
        const history = (await importer.page.textContent(tid('claim-events'))) ?? '';
        assert.ok(history.includes('Jordan Kowalski'), `the importer's own person by name: ${history}`);
        await checkScreen(importer.page, `names-${kind}-claim`);
        await importer.context.close();

        const officer = await signIn('cbp.officer', kind);
        await officer.page.goto(`${node.url}/#/claims/${made.accepted}`);
        await officer.page.waitForSelector(tid('ask-open'));
        await officer.page.click(tid('ask-open'));
        const options = await officer.page.$$eval(`${tid('ask-to')} option`, (os) =>
          os.map((o) => [o.getAttribute('value'), o.textContent?.trim()]),
        );
        assert.deepEqual(options, [
          ['did:web:muebles-jalisco.example', `${PRODUCER_NAME} (certifier)`],
          ['did:web:greatlakeshome.example', IMPORTER_NAME],
        ]);
        const requests = (await officer.page.textContent(tid('claim-requests'))) ?? '';
        assert.ok(requests.includes(CUSTOMS_NAME) && requests.includes(PRODUCER_NAME), requests);
        await checkScreen(officer.page, `names-${kind}-claim-ask`);
        await officer.context.close();
      });

      it(`${kind}: information requests name who asked and who is asked`, async () => {
        const { context, page } = await signIn('producer.admin', kind);
        await page.click(tid('nav-requests'));
        await page.waitForSelector(tid('request-row'));
        assert.equal((await page.textContent(tid('request-parties')))?.trim(), `${CUSTOMS_NAME} → ${PRODUCER_NAME}`);
        await checkScreen(page, `names-${kind}-requests`);
        await page.click(tid('request-row'));
        await page.waitForSelector(tid('request-page'));
        assert.ok(((await page.textContent(tid('request-from'))) ?? '').includes(CUSTOMS_NAME));
        assert.ok(((await page.textContent(tid('request-to'))) ?? '').includes(PRODUCER_NAME));
        assert.ok(((await page.textContent(tid('request-events'))) ?? '').includes(CUSTOMS_NAME));
        await checkScreen(page, `names-${kind}-request`);
        await context.close();
      });
    }

    it('revoking on the record page: the page says REVOKED at once and its actions go off', async () => {
      const { context, page, problems } = await signIn('producer.admin', 'desktop');
      const id = made.records[2]!;
      await page.goto(`${node.url}/#/records/${encodeURIComponent(id)}`);
      await page.waitForSelector(tid('status-actions'));
      assert.equal(await page.locator(tid('record-standing')).count(), 0, 'in force: no standing notice');
      assert.ok(await page.isDisabled(tid('reinstate-button')), 'nothing to reinstate on a record in force');
      await page.fill(tid('status-reason'), 'CERTIFIER_ERROR');
      await page.click(tid('revoke-button'));
      await page.click(tid('status-confirm'));
      await page.waitForSelector(tid('record-standing', '[data-status="REVOKED"]'));
      assert.equal((await page.textContent(`${tid('record-page')} ${tid('record-status')}`))?.trim(), 'REVOKED');
      for (const button of ['suspend-button', 'reinstate-button', 'revoke-button'])
        assert.ok(await page.isDisabled(tid(button)), `${button} is disabled once revoked`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  });
}
