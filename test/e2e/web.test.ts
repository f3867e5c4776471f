import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { checkNames } from '@clearledger/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en } from '../../apps/web/src/i18n/en.ts';
import { es } from '../../apps/web/src/i18n/es.ts';
import { fr } from '../../apps/web/src/i18n/fr.ts';
import {
  controlsWithoutName,
  launchChromium,
  pageProblems,
  phoneContext,
  requireChromium,
  screenshot,
  startWebDemoNode,
  textOf,
  tid,
} from '../helpers/browser.ts';
import { writeQrY4m } from '../helpers/fakeCamera.ts';
import { decodeQrImage, matrixToPng, pdfContent, pdfQrMatrix } from '../helpers/pdfContent.ts';
import { type RunningNode, waitFor } from '../helpers/programs.ts';

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test/e2e/screenshots');
/** Every wait in a browser is bounded by this (the context's default timeout is the same). */
const WAIT = 30_000;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

if (requireChromium('Web app in Chromium', "the web app's browser tests (portal, camera scan, offline) did NOT run.")) {
  describe('Web app in Chromium against a demo network node', { timeout: 180_000 }, () => {
    let dataDir: string;
    let node: RunningNode;
    const browsers: Browser[] = [];
    let portal: { context: BrowserContext; page: Page; problems: string[] };
    let officer: { context: BrowserContext; page: Page; problems: string[] } | undefined;
    /** What the portal part hands to the officer part. */
    const issued = {
      certificationNumber: 'MX-MAJ-E2E-000417',
      id: '',
      qrText: '',
      record: null as null | { verifiableCredential: Record<string, unknown>; anchor: unknown },
    };

    before(async () => {
      ({ dataDir, node } = await startWebDemoNode('clearledger-web-'));
      const browser = await launchChromium();
      browsers.push(browser);
      const context = await phoneContext(browser);
      const page = await context.newPage();
      portal = { context, page, problems: pageProblems(page) };
    });

    after(async () => {
      for (const browser of browsers) await browser.close().catch(() => undefined);
      await node?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    const login = (username: string) => {
      const line = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${username}\t`));
      assert.ok(line, `${username} has a demo sign-in`);
      return { username, password: line.split('\t')[1]! };
    };

    /** Calls the node's API with the portal page's own session token (from sessionStorage). */
    const withPageToken = async (path: string): Promise<Response> => {
      const token = await portal.page.evaluate(
        () =>
          (JSON.parse(sessionStorage.getItem('clearledger.session') ?? 'null') as { accessToken?: string } | null)
            ?.accessToken,
      );
      assert.ok(token, 'the portal keeps its session token in sessionStorage');
      return fetch(`${node.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    };

    it('login screen: every control has an accessible name; the producer signs in and sees its records', async () => {
      const { page } = portal;
      await page.goto(`${node.url}/#/login`);
      await page.waitForSelector(tid('login-form'));
      const a11y = await controlsWithoutName(page);
      assert.ok(a11y.checked >= 4, `the login screen has controls (${a11y.checked})`);
      assert.deepEqual(a11y.unnamed, [], 'every input, select and button of the login screen has an accessible name');

      const producer = login('producer.admin');
      await page.fill(tid('login-username'), producer.username);
      await page.fill(tid('login-password'), 'not-the-password');
      await page.click(tid('login-submit'));
      const error = await page.waitForSelector(tid('login-error'));
      assert.equal(await error.getAttribute('data-code'), 'CL_AUTH_INVALID_CREDENTIALS');
      await screenshot(page, screenshots, '01-login');

      await page.fill(tid('login-password'), producer.password);
      await page.click(tid('login-submit'));
      await page.waitForSelector(tid('record-row'));
      const total = Number(await page.getAttribute(tid('records-total'), 'data-total'));
      assert.equal(total, 3, 'the demo producer starts with three records');
      assert.equal(await page.locator(tid('nav-issue')).count(), 1, 'an administrator may issue');
      await screenshot(page, screenshots, '02-records');
    });

    it('issue form: an inline message for a bad HS code, then a USMCA certification is issued and anchored', async () => {
      const { page } = portal;
      await page.click(tid('nav-issue'));
      await page.waitForSelector(tid('issue-form'));
      const a11y = await controlsWithoutName(page);
      assert.deepEqual(a11y.unnamed, [], 'every control of the issue form has an accessible name');
      const fill = (path: string, value: string) => page.fill(tid(`field-${path}`), value);
      const select = (path: string, value: string) => page.selectOption(tid(`field-${path}`), value);

      // A five-digit HS code: the message shows once the field is left, and goes once it is fixed.
      await fill('goods.0.hs6', '94036');
      await page.locator(tid('field-goods.0.hs6')).blur();
      const hsError = page.locator(tid('error-goods.0.hs6'));
      await hsError.waitFor({ state: 'visible' });
      const hsMessage = (await hsError.textContent()) ?? '';
      assert.ok(hsMessage.includes(en['form.error.hs6']), `the HS code message is shown: ${hsMessage}`);
      assert.equal(await page.getAttribute(tid('field-goods.0.hs6'), 'aria-invalid'), 'true');
      await hsError.scrollIntoViewIfNeeded();
      await screenshot(page, screenshots, '03-issue-hs-error');
      await fill('goods.0.hs6', '9403.60');
      await hsError.waitFor({ state: 'detached' });

      await fill('certificationNumber', issued.certificationNumber);
      await select('certifierRole', 'PRODUCER');
      await fill('certifier.title', 'Director de Comercio Exterior');
      await fill('certifier.name', 'Muebles Artesanales de Jalisco S.A. de C.V.');
      await fill('certifier.street', 'Av. López Mateos Sur 2375');
      await fill('certifier.locality', 'Zapopan');
      await select('certifier.country', 'MX');
      await fill('certifier.phone', '+52 33 3880 1200');
      await fill('certifier.email', 'ce@muebles-jalisco.example');
      await page.check(tid('field-exporterMode-SAME_AS_CERTIFIER'));
      await page.check(tid('field-producerMode-LISTED'));
      await fill('producer.name', 'Muebles Artesanales de Jalisco S.A. de C.V.');
      await select('producer.country', 'MX');
      await fill('importer.name', 'Great Lakes Home Furnishings LLC');
      await fill('importer.street', '1200 Woodward Ave');
      await fill('importer.locality', 'Detroit');
      await select('importer.country', 'US');
      await fill('blanketFrom', day(0));
      await fill('blanketTo', day(180));
      await fill('goods.0.description', 'Wooden dining tables, solid oak');
      await select('goods.0.originCriterion', 'B');
      await select('goods.0.countryOfOrigin', 'MX');
      await page.click(tid('add-goods-line'));
      await fill('goods.1.description', 'Oak dining chairs');
      await fill('goods.1.hs6', '940161');
      await select('goods.1.originCriterion', 'A');
      await select('goods.1.countryOfOrigin', 'MX');
      await fill('signer', 'Ing. María Fernanda Ruiz Ortega');
      await fill('signerTitle', 'Directora de Comercio Exterior');
      await page.check(tid('field-attested'));
      assert.deepEqual(
        await page.$$eval('[data-testid^="error-"]', (es) => es.map((e) => e.getAttribute('data-testid'))),
        [],
        'no field has a problem before sending',
      );
      await page.click(tid('issue-submit'));

      const recordPage = await page.waitForSelector(tid('record-page')).catch(async (error: unknown) => {
        const shown = await page.locator(tid('issue-server-errors')).allTextContents();
        throw new Error(`no record page after sending the form (${shown.join(' | ')}): ${String(error)}`);
      });
      issued.id = (await recordPage.getAttribute('data-id')) ?? '';
      assert.ok(issued.id !== '', 'the record page names the record');
      assert.equal(await textOf(page, tid('fact-certification-number')), issued.certificationNumber);

      // The node anchors within about a second; the page shows the status it loaded, so reload until anchored.
      await waitFor(
        async () => {
          const status = await page.getAttribute(tid('ledger-status'), 'data-status');
          if (status === 'anchored') return true;
          await page.reload();
          await page.waitForSelector(tid('ledger-status'));
          return undefined;
        },
        WAIT,
        'the issued record to be anchored',
        300,
      );
      assert.match(await textOf(page, tid('ledger-tx')), /^0x[0-9a-f]{64}$/i, 'the anchoring transaction is shown');
    });

    it('record page: the printed PDF carries the certification number and the QR text', async () => {
      const { page, context } = portal;
      // "Print PDF" opens a tab that shows the PDF.
      const tabs: Page[] = [];
      const onTab = (tab: Page) => tabs.push(tab);
      context.on('page', onTab);
      // The PDF exactly as the page receives it from the node (the page's CSP keeps its blob: URL out of reach).
      let pdf: Buffer | undefined;
      let pdfPath = '';
      await page.route(
        (url) => url.pathname.endsWith('/pdf'),
        async (route) => {
          const response = await route.fetch();
          pdf = await response.body();
          pdfPath = new URL(route.request().url()).pathname;
          await route.fulfill({ response, body: pdf });
        },
      );
      await page.click(tid('print-pdf'));
      const link = await page.waitForSelector(tid('pdf-link'));
      await page.unrouteAll();
      context.off('page', onTab);
      const href = (await link.getAttribute('href')) ?? '';
      assert.match(href, /^blob:/);
      assert.match((await link.getAttribute('download')) ?? '', /\.pdf$/);
      assert.equal(tabs.length, 1, '"Print PDF" opens one tab');
      await waitFor(() => (tabs[0]!.url() === href ? true : undefined), WAIT, 'the new tab to show the PDF');
      // The browser's PDF viewer shows it there (the node's Content-Security-Policy does not block the blob).
      await tabs[0]!.waitForLoadState('load');
      assert.equal(await tabs[0]!.evaluate(() => document.contentType), 'application/pdf');
      for (const tab of tabs) await tab.close();
      assert.ok(pdf, 'the page fetched the PDF');
      assert.equal(pdfPath, `/credentials/${encodeURIComponent(issued.id)}/pdf`);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
      const { text } = pdfContent(pdf);
      assert.ok(
        text.some((line) => line.includes(issued.certificationNumber)),
        `the PDF prints the certification number (${text.slice(0, 12).join(' | ')}…)`,
      );

      await page.click(tid('show-qr'));
      await page.waitForSelector(tid('qr-image'));
      assert.equal(await page.getAttribute(tid('qr-panel'), 'data-kind'), 'embedded', 'the record fits in its QR code');
      issued.qrText = await page.inputValue(tid('qr-text'));
      const api = (await (await withPageToken(`/credentials/${encodeURIComponent(issued.id)}/qr`)).json()) as {
        kind: string;
        text: string;
      };
      assert.deepEqual([api.kind, api.text], ['embedded', issued.qrText], 'the page shows the API’s QR text');
      assert.equal(
        decodeQrImage(matrixToPng(pdfQrMatrix(pdf).matrix)),
        issued.qrText,
        'the PDF’s QR code is that text',
      );

      const record = (await (await withPageToken(`/credentials/${encodeURIComponent(issued.id)}`)).json()) as {
        status: string;
        verifiableCredential: Record<string, unknown>;
        anchor: unknown;
      };
      assert.equal(record.status, 'anchored');
      issued.record = { verifiableCredential: record.verifiableCredential, anchor: record.anchor };
      await page.locator(tid('qr-panel')).scrollIntoViewIfNeeded();
      await screenshot(page, screenshots, '04-record');
      assert.deepEqual(
        portal.problems.filter((p) => !/status of 401 .*\/auth\/login\)$/.test(p)),
        [],
        'the portal logged no errors (but for the wrong password)',
      );
    });

    it('officer: a scan through the camera gives VALID with every check and the key facts, in under 5 s', async (t) => {
      assert.ok(issued.qrText !== '', 'the portal part produced a QR text');
      const video = join(dataDir, 'qr.y4m');
      const { modules, pixelsPerModule } = writeQrY4m(video, issued.qrText, { width: 1280, height: 720, frames: 30 });
      t.diagnostic(`QR code: ${modules} modules, ${pixelsPerModule} px per module in a 1280×720 frame`);
      const browser = await launchChromium({ camera: video });
      browsers.push(browser);
      const context = await phoneContext(browser);
      await context.grantPermissions(['camera'], { origin: node.url });
      const page = await context.newPage();
      officer = { context, page, problems: pageProblems(page) };

      await page.goto(`${node.url}/`);
      await page.waitForSelector(tid('trust-status', '[data-state="fresh"]'));
      assert.equal(await page.inputValue(tid('snapshot-max-age')), '24', 'offline verdicts trust a snapshot for 24 h');
      const a11y = await controlsWithoutName(page);
      assert.ok(a11y.checked >= 5, `the verify screen has controls (${a11y.checked})`);
      assert.deepEqual(a11y.unnamed, [], 'every input, select and button of the verify screen has an accessible name');
      await screenshot(page, screenshots, '05-verify');

      const started = performance.now();
      await page.click(tid('scan-button'));
      const verdict = await page.waitForSelector(tid('verdict'), { timeout: WAIT }).catch(async (error: unknown) => {
        await screenshot(page, screenshots, 'failed-scan');
        throw error;
      });
      const scanToVerdict = performance.now() - started;
      t.diagnostic(`scan to verdict: ${Math.round(scanToVerdict)} ms`);
      assert.equal(await verdict.getAttribute('data-verdict'), 'VALID');
      assert.ok(scanToVerdict < 5_000, `scan to verdict took ${Math.round(scanToVerdict)} ms (limit 5 s)`);
      assert.ok(
        ['polite', 'assertive'].includes((await verdict.getAttribute('aria-live')) ?? ''),
        'the verdict is announced (aria-live)',
      );

      const rows = await page.$$eval(tid('check-row'), (rs) =>
        rs.map((r) => ({ check: r.getAttribute('data-check'), status: r.getAttribute('data-status') })),
      );
      assert.deepEqual(
        rows.map((r) => r.check),
        [...checkNames],
        'every check is listed',
      );
      for (const row of rows) assert.ok(['VALID', 'SKIPPED'].includes(row.status ?? ''), `${row.check}: ${row.status}`);
      assert.equal(await textOf(page, tid('verdict-label')), en['verdict.VALID']);
      assert.equal(await textOf(page, tid('fact-certification-number')), issued.certificationNumber);
      assert.match(await textOf(page, tid('fact-issuer')), /did:web:muebles-jalisco\.example/);
      assert.equal(await page.locator(tid('goods-line')).count(), 2);
      // The device's verdict is then re-checked with the node against the live ledger.
      await page.waitForSelector(tid('verdict', '[data-rechecking="false"][data-source="live"][data-verdict="VALID"]'));
      await screenshot(page, screenshots, '06-verdict-valid');
    });

    it('officer offline: the app shell reloads from the service worker and verifies against the snapshot', async () => {
      assert.ok(officer, 'the officer part opened the app');
      const { page, context } = officer;
      await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: WAIT });
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector(tid('offline-badge'));
      await page.click(tid('nav-verify'));
      await page.waitForSelector(tid('trust-status', '[data-state="fresh"]'));

      await page.fill(tid('paste-input'), issued.qrText);
      await page.click(tid('paste-submit'));
      const verdict = await page.waitForSelector(tid('verdict'));
      assert.equal(await verdict.getAttribute('data-verdict'), 'VALID');
      assert.equal(await page.getAttribute(tid('ledger-source'), 'data-kind'), 'snapshot');
      assert.equal(await textOf(page, tid('fact-certification-number')), issued.certificationNumber);
      await screenshot(page, screenshots, '07-offline-verdict');

      // A copy of the record with one goods description changed: the signature no longer matches.
      assert.ok(issued.record, 'the portal part fetched the record');
      const tampered = structuredClone(issued.record);
      const subject = tampered.verifiableCredential.credentialSubject as { goods: { description: string }[] };
      subject.goods[0]!.description = 'Wooden dining tables, solid walnut';
      await page.click(tid('verify-another'));
      await page.fill(tid('paste-input'), JSON.stringify(tampered));
      await page.click(tid('paste-submit'));
      const invalid = await page.waitForSelector(tid('verdict', '[data-verdict="INVALID"]'));
      assert.equal(await invalid.getAttribute('data-source'), 'snapshot');
      assert.equal(await page.getAttribute(tid('check-row', '[data-check="integrity"]'), 'data-status'), 'INVALID');
      assert.ok(
        (await page.locator(tid('goods-line')).allTextContents()).some((line) => line.includes('solid walnut')),
        'the key facts show what the tampered copy says',
      );
      await screenshot(page, screenshots, '08-verdict-invalid');
    });

    it('languages: the verdict and <html lang> follow the language menu (offline: the chunks come from the cache)', async () => {
      assert.ok(officer, 'the officer part opened the app');
      const { page } = officer;
      assert.equal(await textOf(page, tid('verdict-label')), en['verdict.INVALID']);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      for (const [lang, dictionary] of [
        ['es', es],
        ['fr', fr],
        ['en', en],
      ] as const) {
        await page.selectOption(tid('language-menu'), lang);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: WAIT });
        await page.waitForFunction(
          ([selector, label]) => document.querySelector(selector)?.textContent?.trim() === label,
          [tid('verdict-label'), dictionary['verdict.INVALID']] as const,
          { timeout: WAIT },
        );
        if (lang === 'es') await screenshot(page, screenshots, '09-verdict-invalid-es');
      }
      assert.notEqual(es['verdict.INVALID'], en['verdict.INVALID']);
      assert.notEqual(fr['verdict.INVALID'], en['verdict.INVALID']);
      await officer.context.setOffline(false);
      // While offline the app still tries to reach the node (a browser may call itself online when it
      // is not): the browser logs those failed requests, the app itself logs nothing.
      assert.deepEqual(
        officer.problems.filter((p) => !/^console: Failed to load resource: net::ERR_INTERNET_DISCONNECTED /.test(p)),
        [],
        'the officer app logged no errors',
      );
    });
  });
}
