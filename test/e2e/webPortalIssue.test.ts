import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en } from '../../apps/web/src/i18n/en.ts';
import { formatDate, formatDateTime } from '../../apps/web/src/i18n/index.ts';
import { seriousAxeViolations as axeProblems, type Viewport, viewportContext, viewports } from '../helpers/axe.ts';
import {
  BROWSER_TIME_ZONE,
  launchChromium,
  pageProblems,
  requireChromium,
  screenshot,
  startWebDemoNode,
  textOf,
  tid,
} from '../helpers/browser.ts';
import { decodeQrImage } from '../helpers/pdfContent.ts';
import { type RunningNode, waitFor } from '../helpers/programs.ts';

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test/e2e/screenshots');
const WAIT = 30_000;

/** YYYY-MM-DD, `days` after today (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The `id` of the element that has focus. */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

if (requireChromium('Portal issue form, QR and qualify in Chromium', 'the portal issue browser tests did NOT run.')) {
  describe('Portal basics: issue form, QR image, PDF name, qualify (Chromium, desktop and phone)', {
    timeout: 420_000,
  }, () => {
    let dataDir: string;
    let node: RunningNode;
    let browser: Browser;
    let password = '';
    const logs: string[][] = [];

    before(async () => {
      ({ dataDir, node } = await startWebDemoNode('clearledger-portal-issue-'));
      browser = await launchChromium();
      const line = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('producer.admin\t'));
      assert.ok(line, 'the demo producer has a sign-in');
      password = line.split('\t')[1]!;
    });

    after(async () => {
      await browser?.close().catch(() => undefined);
      await node?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    /** A browser of the viewport, signed in as the demo producer's administrator. */
    async function signIn(kind: Viewport): Promise<{ context: BrowserContext; page: Page }> {
      const context = await viewportContext(browser, kind, WAIT);
      const page = await context.newPage();
      logs.push(pageProblems(page));
      await page.goto(`${node.url}/#/login`);
      await page.fill(tid('login-username'), 'producer.admin');
      await page.fill(tid('login-password'), password);
      await page.click(tid('login-submit'));
      await page.waitForFunction(() => !location.hash.startsWith('#/login'));
      return { context, page };
    }

    for (const kind of ['desktop', 'phone'] as const) {
      it(`${kind}: the issue form is prefilled, picks countries, checks on leaving a field and links its problems to their fields`, async () => {
        const { context, page } = await signIn(kind);
        try {
          await page.goto(`${node.url}/#/issue`);
          await page.waitForSelector(tid('issue-form'));
          const fill = (path: string, value: string) => page.fill(tid(`field-${path}`), value);
          const select = (path: string, value: string) => page.selectOption(tid(`field-${path}`), value);
          const value = (path: string) => page.inputValue(tid(`field-${path}`));

          // The certifier is the signed-in organisation, the signer the signed-in person.
          assert.equal(await value('certifier.name'), 'Muebles Artesanales de Jalisco S.A. de C.V.');
          assert.equal(await value('certifier.country'), 'MX');
          assert.equal(await value('signer'), 'María Fernanda Ruiz Ortega');

          // Every country is picked from a list of named countries.
          for (const path of [
            'certifier.country',
            'exporter.country',
            'producer.country',
            'importer.country',
            'goods.0.countryOfOrigin',
          ]) {
            const tag = await page.$eval(tid(`field-${path}`), (e) => e.localName);
            assert.equal(tag, 'select', `${path} is a picker`);
          }
          const certifierCountries = await page.$$eval(`${tid('field-certifier.country')} option`, (os) =>
            os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']),
          );
          assert.ok(certifierCountries.length >= 249, `every ISO 3166 country (${certifierCountries.length})`);
          assert.ok(certifierCountries.some(([v, l]) => v === 'MX' && l === 'Mexico (MX)'));
          assert.ok(certifierCountries.some(([v, l]) => v === 'DE' && l === 'Germany (DE)'));
          assert.deepEqual(
            (await page.$$eval(`${tid('field-importer.country')} option`, (os) => os.map((o) => o.textContent))).slice(
              1,
            ),
            ['Canada (CA)', 'Mexico (MX)', 'United States (US)'],
            'the importer is in a USMCA country, named',
          );
          assert.deepEqual(await axeProblems(page), [], 'axe: the issue form');
          await screenshot(page, screenshots, `portal-issue-${kind}-prefilled`);

          // A field is checked when it is left, not before.
          await page.focus(tid('field-certifier.street'));
          assert.equal(await page.locator(tid('error-certifier.street')).count(), 0, 'no message while typing');
          await page.focus(tid('field-certifier.locality'));
          await page.locator(tid('error-certifier.street')).waitFor({ state: 'visible' });
          assert.equal(await page.getAttribute(tid('field-certifier.street'), 'aria-invalid'), 'true');
          assert.equal(await page.locator(tid('error-certifier.phone')).count(), 0, 'a field not yet visited is quiet');

          // Sending shows a summary at the top whose items take focus to their fields.
          await page.click(tid('issue-submit'));
          const summary = page.locator(tid('issue-summary-fields'));
          await summary.waitFor({ state: 'visible' });
          const links = await summary
            .locator('a')
            .evaluateAll((as) =>
              as.map((a) => [a.getAttribute('data-testid'), a.getAttribute('href'), a.textContent ?? '']),
            );
          assert.ok(links.length >= 5, `the summary lists the fields (${links.length})`);
          assert.equal(links[0]?.[0], 'summary-link-certificationNumber', 'in the order of the form');
          const street = links.find(([id]) => id === 'summary-link-certifier.street');
          assert.ok(street, 'the certifier’s street is in the summary');
          assert.equal(street[1], '#f-certifier-street');
          const streetText = street[2] ?? '';
          assert.ok(
            streetText.startsWith(`${en['form.section.certifier']} — ${en['form.party.street']}: `),
            streetText,
          );
          await page.click(tid('summary-link-certifier.street'));
          assert.equal(await focusedId(page), 'f-certifier-street', 'the link moves focus to its field');
          await page.click(tid('summary-link-goods.0.hs6'));
          assert.equal(await focusedId(page), 'f-goods-0-hs6');
          await page.locator(tid('issue-server-errors')).scrollIntoViewIfNeeded();
          assert.deepEqual(await axeProblems(page), [], 'axe: the issue form with its problems');
          await screenshot(page, screenshots, `portal-issue-${kind}-summary`);

          // A 12-month blanket period: "Valid until" is its last day, on the form and on the record.
          const number = `MX-MAJ-2026-${kind === 'desktop' ? '10001' : '10002'}`;
          const to = day(364);
          await fill('certificationNumber', number);
          await select('certifierRole', 'PRODUCER');
          await fill('certifier.title', 'Directora de Comercio Exterior');
          await fill('certifier.street', 'Av. López Mateos Sur 2375');
          await fill('certifier.locality', 'Zapopan');
          await fill('certifier.phone', '+52 33 3880 1200');
          await fill('certifier.email', 'ce@muebles-jalisco.example');
          await page.check(tid('field-exporterMode-SAME_AS_CERTIFIER'));
          await fill('producer.name', 'Muebles Artesanales de Jalisco S.A. de C.V.');
          await select('producer.country', 'MX');
          await fill('importer.name', 'Great Lakes Home Furnishings LLC');
          await fill('importer.street', '1200 Woodward Ave');
          await fill('importer.locality', 'Detroit');
          await select('importer.country', 'US');
          await fill('blanketFrom', day(0));
          await fill('blanketTo', to);
          assert.equal(
            await textOf(page, tid('valid-until')),
            `${en['form.validUntil']} ${en['form.validUntilDate'].replace('{date}', formatDate('en', to))}`,
          );
          await fill('goods.0.description', 'Wooden dining tables, solid oak');
          await fill('goods.0.hs6', '9403.60');
          await select('goods.0.originCriterion', 'B');
          await select('goods.0.countryOfOrigin', 'MX');
          await fill('signerTitle', 'Directora de Comercio Exterior');
          await page.check(tid('field-attested'));
          await page.click(tid('issue-submit'));
          const recordPage = await page.waitForSelector(tid('record-page')).catch(async (error: unknown) => {
            const shown = await page.locator(tid('issue-server-errors')).allTextContents();
            throw new Error(`no record page after sending the form (${shown.join(' | ')}): ${String(error)}`);
          });
          const id = (await recordPage.getAttribute('data-id')) ?? '';
          const validity = await textOf(page, tid('fact-validity'));
          assert.ok(
            validity.includes(formatDateTime('en', `${to}T23:59:59Z`, BROWSER_TIME_ZONE)),
            `the record page says until when: ${validity}`,
          );
          assert.ok(!validity.includes(en['facts.validUntilAny']), validity);

          // Show QR: an image that decodes to the record's QR text.
          // Show QR once anchored (the QR code then holds the receipt): an image that decodes to the record's QR text.
          await waitFor(
            async () => {
              if ((await page.getAttribute(tid('ledger-status'), 'data-status')) === 'anchored') return true;
              await page.reload();
              await page.waitForSelector(tid('ledger-status'));
              return undefined;
            },
            WAIT,
            'the issued record to be anchored',
            300,
          );
          await page.click(tid('show-qr'));
          const image = page.locator(tid('qr-image'));
          await image.waitFor({ state: 'visible' });
          await page.waitForFunction(
            () => (document.querySelector('[data-testid="qr-image"]') as HTMLImageElement | null)?.complete === true,
          );
          const pixels = await image.evaluate((img: HTMLImageElement) => {
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth;
            canvas.height = img.naturalHeight;
            const g = canvas.getContext('2d')!;
            g.drawImage(img, 0, 0);
            return {
              width: canvas.width,
              height: canvas.height,
              data: Array.from(g.getImageData(0, 0, canvas.width, canvas.height).data),
            };
          });
          const qrText = await page.inputValue(tid('qr-text'));
          assert.ok(qrText.length > 100, 'the QR text is there, folded away');
          assert.equal(
            decodeQrImage({ width: pixels.width, height: pixels.height, data: Uint8Array.from(pixels.data) }),
            qrText,
            'the image decodes to the record’s QR text',
          );
          const shown = await image.boundingBox();
          assert.ok(shown !== null && shown.width <= viewports[kind].viewport.width, 'the image fits the screen');
          assert.equal(await image.getAttribute('alt'), en['record.qrAlt'].replace('{name}', `USMCA-${number}`));
          await image.scrollIntoViewIfNeeded();
          assert.deepEqual(await axeProblems(page), [], 'axe: the record page with its QR code');
          await screenshot(page, screenshots, `portal-record-${kind}-qr`);

          // The PDF is named after the record's number, by the node and by the page.
          let disposition = '';
          await page.route(
            (url) => url.pathname.endsWith('/pdf'),
            async (route) => {
              const response = await route.fetch();
              disposition = response.headers()['content-disposition'] ?? '';
              await route.fulfill({ response });
            },
          );
          const tabs: Page[] = [];
          context.on('page', (tab) => tabs.push(tab));
          await page.click(tid('print-pdf'));
          const link = await page.waitForSelector(tid('pdf-link'));
          await page.unrouteAll();
          for (const tab of tabs) await tab.close().catch(() => undefined);
          assert.equal(await link.getAttribute('download'), `USMCA-${number}.pdf`);
          assert.equal(disposition, `inline; filename="USMCA-${number}.pdf"`);
          assert.ok(id !== '');
        } finally {
          await context.close();
        }
      });

      it(`${kind}: qualify speaks plainly, keeps the engine’s notes folded and asks to save the working file`, async () => {
        const { context, page } = await signIn(kind);
        try {
          await page.goto(`${node.url}/#/qualify`);
          await page.waitForSelector(tid('qualify-form'));
          // The example in the hint is the one in the field, and the field takes it.
          const placeholder = (await page.getAttribute(tid('qualify-good-hs'), 'placeholder')) ?? '';
          assert.ok(placeholder !== '', 'the field shows an example');
          assert.equal(
            await textOf(page, tid('q-good-hs-hint-example')),
            en['qualify.hsHint'].replace('{example}', placeholder),
          );
          assert.deepEqual(await axeProblems(page), [], 'axe: the qualify form');

          // A five-digit subheading: a plain sentence, no path or code.
          await page.fill(tid('qualify-good-hs'), '94036');
          await page.fill(tid('qualify-transaction-value'), '10000');
          await page.fill(tid('bom-description-0'), 'Oak boards');
          await page.fill(tid('bom-hs-0'), '440791');
          await page.fill(tid('bom-value-0'), '2500');
          await page.click(tid('qualify-evaluate'));
          const problem = page.locator(tid('qualify-error-q-goodHs6'));
          await problem.waitFor({ state: 'visible' });
          const text = ((await problem.textContent()) ?? '').replace(/^⚠\s*/, '');
          assert.equal(text, en['qualify.error.hsFormat'].replace('{example}', placeholder));
          assert.doesNotMatch(text, /\/good|CL_|RO-01/);
          assert.equal(
            await page.locator(`${tid('qualify-problems-technical')}[open]`).count(),
            0,
            'the engine’s words stay folded',
          );

          // The example itself: the good qualifies; the modelling notes are in the closed technical details.
          await page.fill(tid('qualify-good-hs'), placeholder);
          await page.click(tid('qualify-evaluate'));
          await page.waitForSelector(tid('qualify-result'));
          const technical = page.locator(tid('qualify-technical'));
          assert.equal(await technical.getAttribute('open'), null, 'technical details start closed');
          const note = page.locator(tid('qualify-rule-note'));
          if ((await note.count()) > 0)
            assert.equal(await note.isVisible(), false, 'the rule’s modelling note is folded away');
          assert.equal(await page.locator('.notice-warn', { hasText: 'structure simplified' }).count(), 0);

          // Save the working file (it holds the salt) before the record can be issued.
          const step = page.locator(tid('qualify-save-step'));
          await step.waitFor({ state: 'visible' });
          assert.ok(((await step.textContent()) ?? '').includes(en['qualify.save.title']));
          const issue = page.locator(tid('qualify-issue'));
          assert.equal(await issue.isDisabled(), true, 'no issuing before the working file is saved');
          assert.equal(
            await page.isDisabled(tid('qualify-saved-ack')),
            true,
            'nothing to acknowledge before downloading',
          );
          await step.scrollIntoViewIfNeeded();
          assert.deepEqual(await axeProblems(page), [], 'axe: the qualify result');
          await screenshot(page, screenshots, `portal-qualify-${kind}-save`);
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.click(tid('qualify-save-working-file')),
          ]);
          const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
            salt?: string;
            commitment?: string;
          };
          assert.match(saved.salt ?? '', /^[A-Za-z0-9_-]{43}$/, 'the working file holds the salt');
          assert.equal(saved.commitment, await textOf(page, tid('qualify-commitment')));
          await page.check(tid('qualify-saved-ack'));
          assert.equal(await issue.isDisabled(), false, 'issuing is open once the file is saved');
        } finally {
          await context.close();
        }
      });
    }

    it('left no console error or uncaught exception', () => {
      assert.deepEqual(logs.flat(), []);
    });
  });
}
