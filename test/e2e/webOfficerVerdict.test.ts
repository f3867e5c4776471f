import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { en } from '../../apps/web/src/i18n/en.ts';
import { es } from '../../apps/web/src/i18n/es.ts';
import { fr } from '../../apps/web/src/i18n/fr.ts';
import { seriousAxeViolations, viewportContext } from '../helpers/axe.ts';
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

/**
 * Every element on screen that paints something green (text, background, border or outline): a
 * colour whose hue is green and whose green channel stands out. The app's greens are #0f6b36,
 * #0b5129 and #e6f4ec.
 */
async function greenOnScreen(page: Page): Promise<string[]> {
  // A string, so the test runner's transpiler adds no helper the page does not have.
  return page.evaluate(`(() => {
    const greenish = (css) => {
      const m = /rgba?\\((\\d+), (\\d+), (\\d+)(?:, ([\\d.]+))?\\)/.exec(css);
      if (m === null || (m[4] !== undefined && Number(m[4]) === 0)) return false;
      const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      if (max !== g || g - Math.max(r, b) < 8 || max === min) return false;
      const hue = 60 * ((b - r) / (max - min) + 2);
      return hue >= 80 && hue <= 170;
    };
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const paints = [
        (el.textContent ?? '').trim() !== '' ? style.color : '',
        style.backgroundColor,
        style.borderTopWidth !== '0px' ? style.borderTopColor : '',
        style.borderLeftWidth !== '0px' ? style.borderLeftColor : '',
        style.outlineStyle !== 'none' ? style.outlineColor : '',
      ];
      const green = paints.find((c) => c !== '' && greenish(c));
      if (green !== undefined)
        found.push('<' + el.localName + ' class="' + el.className + '" data-testid="' + (el.dataset.testid ?? '') + '"> ' + green + ': ' + (el.textContent ?? '').trim().slice(0, 60));
    }
    return found;
  })()`);
}

if (requireChromium('Officer verdict in Chromium', "the officer verdict's browser tests did NOT run.")) {
  describe('The officer’s verdict cannot mislead (Chromium, phone and desktop)', { timeout: 300_000 }, () => {
    let dataDir: string;
    let node: RunningNode;
    let browser: Browser;
    let token = '';
    let producerName = '';
    /** Anchored demo certifications of the producer: one to revoke per viewport. */
    const records: { id: string; qrText: string }[] = [];
    /** Console errors and uncaught exceptions of every page opened. */
    const logs: string[][] = [];

    const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
      const response = await fetch(`${node.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const body = (await response.json()) as Record<string, unknown>;
      assert.ok(response.ok, `${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };

    before(async () => {
      ({ dataDir, node } = await startWebDemoNode('clearledger-officer-verdict-'));
      browser = await launchChromium();
      const line = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('producer.admin\t'));
      assert.ok(line, 'the demo producer has a sign-in');
      const login = await api('/auth/login', {
        method: 'POST',
        body: { username: 'producer.admin', password: line.split('\t')[1] },
      });
      token = login.accessToken as string;
      producerName = (login.organization as { name: string }).name;
      const anchored = await waitFor(
        async () => {
          const list = (await api('/credentials?status=anchored&limit=10')) as { items: { id: string }[] };
          return list.items.length >= 2 ? list.items : undefined;
        },
        WAIT,
        'two anchored demo records',
        300,
      );
      for (const { id } of anchored.slice(0, 2)) {
        const qr = await api(`/credentials/${encodeURIComponent(id)}/qr`);
        assert.equal(qr.kind, 'embedded', 'the demo record fits in its QR code');
        records.push({ id, qrText: qr.text as string });
      }
    });

    after(async () => {
      await browser?.close().catch(() => undefined);
      await node?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    /** Revokes a record on the chain and waits until the node's live verification says so. */
    const revoke = async (record: { id: string; qrText: string }) => {
      await api('/credentials/status', {
        method: 'POST',
        body: { credentialId: record.id, status: 'REVOKED', reason: 'withdrawn by producer' },
      });
      const full = (await api(`/credentials/${encodeURIComponent(record.id)}`)) as {
        verifiableCredential: unknown;
        anchor: unknown;
      };
      await waitFor(
        async () => {
          const response = await fetch(`${node.url}/credentials/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ verifiableCredential: full.verifiableCredential, anchor: full.anchor }),
          });
          const report = (await response.json()) as { verdict?: string };
          return report.verdict === 'INVALID' ? true : undefined;
        },
        WAIT,
        'the node to see the revocation',
        300,
      );
    };

    const pasteAndVerify = async (page: Page, text: string) => {
      await page.goto(`${node.url}/#/`);
      await page.waitForSelector(tid('trust-status', '[data-state="fresh"]'));
      await page.fill(tid('paste-input'), text);
      await page.click(tid('paste-submit'));
    };

    for (const [index, kind] of (['phone', 'desktop'] as const).entries()) {
      /** One officer's page for this viewport, kept from test to test: VALID, then revoked and re-checked. */
      const officer: { context?: BrowserContext; page?: Page } = {};
      const pageOf = () => {
        assert.ok(officer.page, 'the officer page is open');
        return officer.page;
      };

      it(`${kind}: a VALID record's key facts sit right under the verdict, the issuer by its registered name (DID on demand), passed checks folded into one line`, async () => {
        const record = records[index];
        assert.ok(record, 'the demo records were read');
        officer.context = await viewportContext(browser, kind, WAIT);
        const page = await officer.context.newPage();
        officer.page = page;
        logs.push(pageProblems(page));
        await pasteAndVerify(page, record.qrText);
        await page.waitForSelector(
          tid('verdict', '[data-verdict="VALID"][data-source="live"][data-rechecking="false"]'),
        );

        const order = await page.$$eval('main [data-testid]', (els) =>
          els
            .map((e) => e.getAttribute('data-testid'))
            .filter((id) => ['verdict', 'key-facts', 'next-steps', 'checks-card', 'coverage'].includes(id ?? '')),
        );
        assert.deepEqual(order, ['verdict', 'key-facts', 'next-steps', 'checks-card', 'coverage']);
        assert.equal(await textOf(page, tid('issuer-name')), producerName, 'the issuer is named as registered');
        assert.equal(await page.getAttribute(tid('issuer-name'), 'data-source'), 'registry');
        const did = page.locator(`${tid('issuer-did')} .mono-wrap`);
        assert.equal(await did.isVisible(), false, 'the DID is folded away');
        await page.click(`${tid('issuer-did')} summary`);
        assert.match((await did.textContent()) ?? '', /^did:/, 'the DID shows on demand');
        assert.equal(await page.locator(tid('facts-untrusted')).count(), 0, 'a VALID record’s facts are not marked');
        // Parties by name at a glance, their addresses and contacts on demand.
        const parties = page.locator(`${tid('key-facts')} ${tid('party-name')}`);
        assert.ok((await parties.count()) >= 3, 'the parties are named');
        assert.ok((await parties.allTextContents()).includes(producerName), 'the producer is named');
        for (const name of await parties.all()) assert.ok(await name.isVisible(), 'each party’s name shows');
        assert.equal(await page.locator('.party-details[open]').count(), 0, 'addresses and contacts are folded');

        // Every check passed: one line, which opens.
        assert.equal(await page.locator(tid('checks')).count(), 0, 'no check is left open');
        const passed = page.locator(tid('check-row'));
        assert.equal(await passed.count(), 7, 'every check is there');
        assert.equal(await passed.first().isVisible(), false, 'passed checks are folded');
        await page.click(tid('checks-passed-summary'));
        assert.equal(await passed.first().isVisible(), true, 'the passed checks open');

        assert.ok((await greenOnScreen(page)).length > 0, 'a VALID verdict is green (the colour probe sees green)');
        assert.deepEqual(
          await seriousAxeViolations(page),
          [],
          'no serious or critical accessibility problem on the VALID result',
        );
        await page.locator(tid('verdict')).scrollIntoViewIfNeeded();
        await screenshot(page, screenshots, `officer-verdict-valid-${kind}`);
      });

      // On a desktop the table always had room; on a 412 px phone its columns were cut off.
      if (kind === 'phone')
        it(`${kind}: the goods table fits the screen, no column cut off`, async () => {
          const page = pageOf();
          const goods = await page.$$eval(`${tid('goods')} td`, (cells) => ({
            width: document.documentElement.clientWidth,
            cells: cells.map((c) => {
              const r = c.getBoundingClientRect();
              return { left: r.left, right: r.right, overflow: c.scrollWidth - c.clientWidth };
            }),
          }));
          assert.ok(goods.cells.length >= 4, 'the goods are listed');
          for (const cell of goods.cells) {
            assert.ok(
              cell.left >= 0 && cell.right <= goods.width,
              `a goods cell lies within the screen: ${JSON.stringify(cell)}`,
            );
            assert.ok(cell.overflow <= 0, `a goods cell shows its whole text: ${JSON.stringify(cell)}`);
          }
          const wrap = await page.$eval(tid('goods'), (t) => ({
            scroll: t.parentElement!.scrollWidth,
            client: t.parentElement!.clientWidth,
          }));
          assert.ok(
            wrap.scroll <= wrap.client,
            `the goods table does not scroll sideways (${wrap.scroll} > ${wrap.client})`,
          );
          await page.locator(tid('goods')).scrollIntoViewIfNeeded();
          await screenshot(page, screenshots, `officer-verdict-goods-${kind}`);
        });

      it(`${kind}: revoked meanwhile, "Re-check online" from the coverage box moves to the changed verdict: focus, scroll and "Verdict changed: VALID → INVALID (revoked)"`, async () => {
        const page = pageOf();
        await revoke(records[index]!);
        await page.locator(tid('coverage')).scrollIntoViewIfNeeded();
        await page.click(tid('recheck-online'));
        await page.waitForSelector(tid('verdict', '[data-verdict="INVALID"][data-rechecking="false"]'));
        const change = page.locator(tid('verdict-change'));
        await change.waitFor({ timeout: 5_000 });
        assert.equal(
          await textOf(page, tid('verdict-change')),
          'Verdict changed: VALID → INVALID (revoked)',
          'the verdict says what changed',
        );
        assert.equal(
          await change.evaluate((e) => e.closest('[aria-live]')?.getAttribute('aria-live')),
          'assertive',
          'the change is announced',
        );
        await waitFor(
          () =>
            page.evaluate(() => (document.activeElement?.getAttribute('data-testid') === 'verdict' ? true : undefined)),
          5_000,
          'the changed verdict to take the focus',
        );
        // The page scrolls smoothly (unless the officer asked for reduced motion): wait for it to arrive.
        const inView = () =>
          page.$eval(tid('verdict'), (e) => {
            const r = e.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight ? true : undefined;
          });
        await waitFor(inView, 5_000, 'the changed verdict to scroll into view');
        await screenshot(page, screenshots, `officer-verdict-revoked-${kind}`);
      });

      it(`${kind}: on the revoked record nothing is green (coverage box included, in en/es/fr), the facts say they cannot be trusted, the failed check stays open`, async () => {
        const page = pageOf();
        await page.waitForSelector(tid('verdict', '[data-verdict="INVALID"]'), { timeout: 5_000 });
        assert.deepEqual(await greenOnScreen(page), [], 'nothing is green on an INVALID verdict');
        assert.equal(await page.getAttribute(tid('coverage-result'), 'data-tone'), 'invalid');
        assert.doesNotMatch(await textOf(page, tid('coverage-result')), /✓|Covers an importation/);
        assert.equal(await page.getAttribute(tid('key-facts'), 'data-trust'), 'untrusted');
        assert.match(await textOf(page, tid('facts-untrusted')), /This data cannot be trusted/);
        assert.equal(
          await page.getAttribute(`${tid('checks')} ${tid('check-row')}`, 'data-check'),
          'status',
          'the revocation check is open',
        );
        assert.deepEqual(
          await seriousAxeViolations(page),
          [],
          'no serious or critical accessibility problem on the INVALID result',
        );
        await page.locator(tid('coverage')).scrollIntoViewIfNeeded();
        await screenshot(page, screenshots, `officer-verdict-revoked-coverage-${kind}`);

        for (const [lang, dictionary] of [
          ['es', es],
          ['fr', fr],
        ] as const) {
          await page.selectOption(tid('language-menu'), lang);
          await page.waitForFunction(
            ([selector, label]) => document.querySelector(selector)?.textContent?.trim() === label,
            [tid('verdict-label'), dictionary['verdict.INVALID']] as const,
          );
          assert.deepEqual(await greenOnScreen(page), [], `nothing is green on an INVALID verdict (${lang})`);
          assert.ok(
            (await textOf(page, tid('coverage-result'))).includes(dictionary['coverage.invalidRecord']),
            `the coverage box says the record covers nothing (${lang})`,
          );
          assert.ok((await textOf(page, tid('facts-untrusted'))).includes(dictionary['facts.untrusted']));
        }
        await page.selectOption(tid('language-menu'), 'en');
        await officer.context?.close();
      });

      it(`${kind}: junk gets a plain message that says "text" when pasted and "QR code" when a QR was read`, async () => {
        const context = await viewportContext(browser, kind, WAIT);
        const page = await context.newPage();
        logs.push(pageProblems(page));
        try {
          await pasteAndVerify(page, 'Milk, eggs, 2 loaves of bread');
          const pasted = await textOf(page, tid('scan-error'));
          assert.equal(pasted, en['scan.error.notARecord.text']);
          assert.match(pasted, /^This text is not a Clearledger record or a credential/);
          // A Clearledger QR text cut short: plain words, no decoder arithmetic.
          const cut = records[0]!.qrText.slice(0, 41);
          await page.fill(tid('paste-input'), cut);
          await page.click(tid('paste-submit'));
          await page.waitForFunction(
            ([selector, text]) => document.querySelector(selector)?.textContent?.trim() === text,
            [tid('scan-error'), en['scan.error.damaged.text']] as const,
          );
          assert.doesNotMatch(await textOf(page, tid('scan-error')), /Base45|length|DEFLATE|\bmod\b/i);
          await screenshot(page, screenshots, `officer-junk-text-${kind}`);

          // A photo of someone else's QR code (a restaurant menu's link).
          const png = await QRCode.toBuffer('https://restaurant.example/menu', { errorCorrectionLevel: 'M', scale: 8 });
          await page.setInputFiles(tid('upload-input'), { name: 'menu.png', mimeType: 'image/png', buffer: png });
          await page.waitForFunction(
            ([selector, text]) => document.querySelector(selector)?.textContent?.trim() === text,
            [tid('scan-error'), en['scan.error.notARecord.qr']] as const,
          );
          assert.match(
            await textOf(page, tid('scan-error')),
            /^This QR code is not a Clearledger record or a credential/,
          );
          assert.deepEqual(logs.flat(), [], 'the pages logged no errors');
        } finally {
          await context.close();
        }
      });
    }
  });
}
