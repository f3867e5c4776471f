import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en } from '../../apps/web/src/i18n/en.ts';
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
  todayAtPort,
} from '../helpers/browser.ts';
import { type RunningNode, waitFor } from '../helpers/programs.ts';

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test/e2e/screenshots');
const WAIT = 30_000;
const today = () => todayAtPort();

type Person = { context: BrowserContext; page: Page; problems: string[] };

if (
  requireChromium(
    'Claims and information requests in Chromium',
    'the browser tests of claims and information requests did NOT run.',
  )
) {
  describe('Claims at entry and information requests in Chromium, against a demo node', { timeout: 240_000 }, () => {
    let dataDir: string;
    let node: RunningNode;
    let browser: Browser;
    const people: Record<'producer' | 'importer' | 'officer', Person | undefined> = {
      producer: undefined,
      importer: undefined,
      officer: undefined,
    };
    /** What one part hands to the next. */
    const shared = { qrText: '', hash: '', claimId: '', requestId: '' };
    const invoice = Buffer.from('Supplier invoice 4471: oak boards, Aserradero del Norte, Durango, MX.\n');

    before(async () => {
      ({ dataDir, node } = await startWebDemoNode('clearledger-web-origin-'));
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close().catch(() => undefined);
      await node?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    /** Opens a phone-sized browser for a demo person and signs in through the login screen. */
    const signIn = async (username: string): Promise<Person> => {
      const line = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${username}\t`));
      assert.ok(line, `${username} has a demo sign-in`);
      const context = await phoneContext(browser);
      const page = await context.newPage();
      const person = { context, page, problems: pageProblems(page) };
      await page.goto(`${node.url}/#/login`);
      await page.fill(tid('login-username'), username);
      await page.fill(tid('login-password'), line.split('\t')[1]!);
      await page.click(tid('login-submit'));
      await page.waitForSelector(tid('nav-logout'));
      return person;
    };

    it('producer: a demo certification, anchored, and its QR text', async () => {
      const producer = await signIn('producer.admin');
      people.producer = producer;
      const { page } = producer;
      await page
        .locator(`${tid('record-row')} a`)
        .first()
        .click();
      await page.waitForSelector(tid('record-page'));
      await waitFor(
        async () => {
          if ((await page.getAttribute(tid('ledger-status'), 'data-status')) === 'anchored') return true;
          await page.reload();
          await page.waitForSelector(tid('ledger-status'));
          return undefined;
        },
        WAIT,
        'the demo certification to be anchored',
        300,
      );
      shared.hash = await textOf(page, tid('fact-hash'));
      assert.match(shared.hash, /^[0-9a-f]{64}$/);
      await page.click(tid('show-qr'));
      await page.waitForSelector(tid('qr-panel', '[data-kind="embedded"]'));
      shared.qrText = await page.inputValue(tid('qr-text'));
      assert.ok(shared.qrText.startsWith('CL2:'), 'the QR code holds the signed record and its anchor');
    });

    it('importer: files a claim on it and sees it ACCEPTED, with every check and its reason', async () => {
      assert.ok(shared.qrText !== '', 'the producer part gave the QR text');
      const importer = await signIn('importer.admin');
      people.importer = importer;
      const { page } = importer;
      await page.click(tid('nav-claims'));
      await page.waitForSelector(tid('claims-empty'));
      await page.click(tid('claims-file'));
      await page.waitForSelector(tid('file-claim-form'));
      const a11y = await controlsWithoutName(page, 'main');
      assert.ok(a11y.checked >= 9, `the claim form has controls (${a11y.checked})`);
      assert.deepEqual(a11y.unnamed, [], 'every control of the claim form has an accessible name');

      // A bad entry number is refused in the browser, in words.
      await page.fill(tid('claim-field-entryNumber'), 'GLH-417');
      await page.locator(tid('claim-field-entryNumber')).blur();
      assert.equal(await textOf(page, tid('claim-error-entryNumber')), `⚠ ${en['claim.error.entryNumber']}`);

      await page.fill(tid('claim-field-entryNumber'), 'glh-0417001-4');
      await page.fill(tid('claim-field-entryLine'), '1');
      await page.fill(tid('claim-field-htsus'), '9403.60.40.81');
      await page.fill(tid('claim-field-valueUsd'), '48250.00');
      assert.equal(await page.inputValue(tid('claim-field-importDate')), today(), 'the import date starts as today');
      await page.fill(tid('claim-field-pasted'), shared.qrText);
      assert.match(await textOf(page, tid('claim-certification-preview')), /MX-MAJ-\d{4}-\d{5}/);
      await screenshot(page, screenshots, 'origin-01-file-claim');
      await page.click(tid('file-claim-submit'));

      const outcome = await page.waitForSelector(tid('claim-outcome')).catch(async (error: unknown) => {
        const shown = await page.locator(tid('file-claim-error')).allTextContents();
        throw new Error(`no claim page after filing (${shown.join(' | ')}): ${String(error)}`);
      });
      assert.equal(await outcome.getAttribute('data-outcome'), 'ACCEPTED');
      shared.claimId = (await page.getAttribute(tid('claim-page'), 'data-id')) ?? '';
      assert.match(shared.claimId, /^claim_/);
      const checks = await page.$$eval(tid('claim-check'), (rows) =>
        rows.map((r) => [r.getAttribute('data-check'), r.getAttribute('data-status')]),
      );
      assert.deepEqual(checks, [
        ['certification', 'VALID'],
        ['coverage', 'VALID'],
        ['acceptance', 'VALID'],
        ['classification', 'VALID'],
        ['criterion', 'VALID'],
      ]);
      for (const reason of await page.locator(tid('claim-check-reason')).allTextContents())
        assert.ok(reason.trim().length > 10, `each check says why: ${reason}`);
      assert.equal(await page.getAttribute(tid('claim-decision-outcome'), 'data-outcome'), 'ACCEPTED');
      assert.equal(await textOf(page, tid('claim-certification-hash')), shared.hash);
      assert.equal(await page.locator(tid('correct-open')).count(), 0, 'a decided claim is not corrected');
      await screenshot(page, screenshots, 'origin-02-claim-accepted');
    });

    it('officer: the scanned certification’s coverage for an import date and its claims; asks the producer for information', async () => {
      const officer = await signIn('cbp.officer');
      people.officer = officer;
      const { page } = officer;
      await page.click(tid('nav-verify'));
      await page.fill(tid('paste-input'), shared.qrText);
      await page.click(tid('paste-submit'));
      await page.waitForSelector(tid('verdict', '[data-verdict="VALID"]'));
      const coverage = page.locator(tid('coverage-result'));
      assert.equal(await coverage.getAttribute('data-covered'), 'true', 'today is within the demo blanket period');
      assert.match(await textOf(page, tid('coverage-acceptance')), /\d{4}/);
      const nextYear = `${Number(today().slice(0, 4)) + 1}-02-01`;
      await page.fill(tid('coverage-date'), nextYear);
      await page.waitForSelector(tid('coverage-result', '[data-covered="false"]'));
      assert.deepEqual(
        await page.$$eval(`${tid('coverage-reasons')} li`, (items) => items.map((i) => i.getAttribute('data-rule'))),
        ['CO-09'],
      );
      const claim = page.locator(tid('certification-claim'));
      await claim.waitFor();
      assert.equal(await claim.count(), 1, 'the claim filed on this certification is listed');
      await page.locator(tid('coverage')).scrollIntoViewIfNeeded();
      await screenshot(page, screenshots, 'origin-03-coverage');

      await claim.locator('a').click();
      await page.waitForSelector(tid('claim-page', `[data-id="${shared.claimId}"]`));
      assert.equal(await page.locator(tid('decision-form')).count(), 0, 'an accepted claim is not decided again');
      await page.click(tid('ask-open'));
      const a11y = await controlsWithoutName(page, '[data-testid="ask-form"]');
      assert.deepEqual(a11y.unnamed, [], 'every control of the request form has an accessible name');
      await page.fill(
        tid('ask-question'),
        'Provide the supplier invoices for the oak boards and where they were sawn.',
      );
      await page.fill(tid('ask-documents'), 'supplier invoices');
      await page.fill(tid('ask-days'), '10');
      await page.click(tid('ask-submit'));
      const panel = page.locator(tid('request-panel'));
      await panel.waitFor();
      assert.equal(await panel.getAttribute('data-state'), 'REQUESTED');
      shared.requestId = (await panel.getAttribute('data-id')) ?? '';
      assert.equal(await page.getAttribute(tid('request-due'), 'data-overdue'), 'false');
      assert.match(await textOf(page, tid('request-due')), /day\(s\) left/);
    });

    it('producer: the request is in the inbox; answers with a small file', async () => {
      assert.ok(people.producer && shared.requestId !== '', 'the earlier parts ran');
      const { page } = people.producer;
      await page.click(tid('nav-requests'));
      const row = page.locator(tid('request-row', `[data-id="${shared.requestId}"]`));
      await row.waitFor();
      assert.equal(await row.getAttribute('data-state'), 'REQUESTED');
      await row.click();
      await page.waitForSelector(tid('answer-form'));
      const a11y = await controlsWithoutName(page, '[data-testid="answer-form"]');
      assert.deepEqual(a11y.unnamed, [], 'every control of the answer form has an accessible name');
      await page.fill(tid('answer-text'), 'The oak boards come from Aserradero del Norte (Durango); invoice attached.');
      await page.setInputFiles(tid('answer-files'), {
        name: 'invoice-4471.txt',
        mimeType: 'text/plain',
        buffer: invoice,
      });
      await page.waitForSelector(tid('answer-file-list'));
      await screenshot(page, screenshots, 'origin-04-answer');
      await page.click(tid('answer-submit'));
      await page.waitForSelector(tid('request-panel', '[data-state="UNDER_REVIEW"]'));
      assert.equal(await page.locator(tid('request-answer')).count(), 1);
      assert.equal(await page.locator(tid('answer-form')).count(), 0, 'an answered request waits for review');
      const sha = await page.getAttribute(tid('request-document'), 'data-sha256');
      assert.equal(sha, (await import('node:crypto')).createHash('sha256').update(invoice).digest('hex'));
    });

    it('officer: downloads the document, accepts the answer; the claim shows the decision', async () => {
      assert.ok(people.officer, 'the officer part ran');
      const { page } = people.officer;
      await page.reload();
      await page.waitForSelector(tid('request-panel', '[data-state="UNDER_REVIEW"]'));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(tid('request-document-download')),
      ]);
      assert.equal(download.suggestedFilename(), 'invoice-4471.txt');
      const saved = await download.path();
      assert.deepEqual(readFileSync(saved), invoice, 'the document downloaded is the one answered');

      await page.selectOption(tid('review-action'), 'ACCEPT');
      await page.fill(tid('review-note'), 'The supplier invoice shows Mexican oak: satisfactory.');
      await page.click(tid('review-submit'));
      await page.waitForSelector(tid('request-panel', '[data-state="IN_USE"]'));
      assert.equal(await page.getAttribute(tid('claim-outcome'), 'data-outcome'), 'ACCEPTED');
      assert.equal(await page.getAttribute(tid('claim-decision-outcome'), 'data-outcome'), 'ACCEPTED');
      assert.ok((await textOf(page, tid('request-findings'))).includes('satisfactory'));
      await page.locator(tid('claim-decision')).scrollIntoViewIfNeeded();
      await screenshot(page, screenshots, 'origin-05-claim-decided');

      // The importer sees the same claim, decision and request.
      const importer = people.importer!.page;
      await importer.reload();
      await importer.waitForSelector(tid('request-panel', '[data-state="IN_USE"]'));
      assert.equal(await importer.getAttribute(tid('claim-decision-outcome'), 'data-outcome'), 'ACCEPTED');
    });

    it('producer: qualifies a product in the browser (E-RO-2) and sees the commitment to anchor', async () => {
      assert.ok(people.producer, 'the producer part ran');
      const { page } = people.producer;
      let sent = 0;
      page.on('request', (r) => {
        if (r.method() !== 'GET') sent++;
      });
      await page.click(tid('nav-qualify'));
      await page.waitForSelector(tid('qualify-form'));
      const a11y = await controlsWithoutName(page, 'main');
      assert.deepEqual(a11y.unnamed, [], 'every control of the qualify screen has an accessible name');
      await page.fill(tid('qualify-good-hs'), '9403.60');
      await page.waitForSelector(tid('qualify-rule-preview'));
      await page.fill(tid('qualify-transaction-value'), '10000');
      await page.fill(tid('qualify-net-cost'), '8000');
      await page.fill(tid('bom-description-0'), 'Table parts, non-originating');
      await page.fill(tid('bom-hs-0'), '9403.91');
      await page.fill(tid('bom-value-0'), '3500');
      await page.click(tid('qualify-evaluate'));
      const result = await page.waitForSelector(tid('qualify-result'));
      assert.equal(await result.getAttribute('data-result'), 'PASS');
      assert.deepEqual(
        await page.$$eval(tid('qualify-rvc'), (rows) =>
          rows.map((r) => [r.getAttribute('data-method'), r.getAttribute('data-pass')]),
        ),
        [
          ['TV', 'true'],
          ['NC', 'true'],
        ],
      );
      assert.match(await textOf(page, tid('qualify-commitment')), /^sha256:[0-9a-f]{64}$/);
      assert.equal(sent, 0, 'nothing is sent to evaluate');
      await page.locator(tid('qualify-result')).scrollIntoViewIfNeeded();
      await screenshot(page, screenshots, 'origin-06-qualify');

      for (const person of Object.values(people))
        assert.deepEqual(
          person?.problems.filter((p) => !/status of 40[134]/.test(p)),
          [],
          'the pages logged no errors',
        );
    });
  });
}
