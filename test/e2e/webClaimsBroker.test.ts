import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { en } from '../../apps/web/src/i18n/en.ts';
import { entryNumberCheckDigit } from '../../packages/core/src/index.ts';
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
const today = () => todayAtPort();
const lastYear = () => `${new Date().getUTCFullYear() - 1}-06-10`;
/** An entry number under the broker's filer code (BCB) with CBP's check digit. */
const entry = (n: number) => {
  const number = String(n).padStart(7, '0');
  return `BCB-${number}-${entryNumberCheckDigit(`BCB${number}`)}`;
};

if (
  requireChromium('A broker files claims in Chromium', 'the browser tests of claims filed by a broker did NOT run.')
) {
  describe('Claims as a broker files them, in Chromium (desktop and phone), against a demo node', {
    timeout: 420_000,
  }, () => {
    let dataDir: string;
    let node: RunningNode;
    let browser: Browser;
    /** The anchored demo certification: its QR text and its PDF, as the producer hands them out. */
    const certification = { qrText: '', number: '', pdf: Buffer.alloc(0) };
    /** A claim the broker filed (customs asks about it in the last part). */
    const filed = { claimId: '' };

    const password = (username: string) => {
      const line = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${username}\t`));
      assert.ok(line, `${username} has a demo sign-in`);
      return line.split('\t')[1]!;
    };

    before(async () => {
      ({ dataDir, node } = await startWebDemoNode('clearledger-web-broker-'));
      browser = await launchChromium();
      // The producer's certification as it travels: the QR text and the printed PDF (over HTTP, as its app would).
      const login = await fetch(`${node.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'producer.admin', password: password('producer.admin') }),
      });
      const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
      const first = await waitFor(
        async () => {
          const list = (await (await fetch(`${node.url}/credentials?status=anchored`, { headers: auth })).json()) as {
            items: { id: string }[];
          };
          return list.items[0];
        },
        WAIT,
        'a demo certification to be anchored',
        300,
      );
      const id = encodeURIComponent(first.id);
      certification.qrText = (
        (await (await fetch(`${node.url}/credentials/${id}/qr`, { headers: auth })).json()) as {
          text: string;
        }
      ).text;
      certification.pdf = Buffer.from(
        await (await fetch(`${node.url}/credentials/${id}/pdf`, { headers: auth })).arrayBuffer(),
      );
      const record = (await (await fetch(`${node.url}/credentials/${id}`, { headers: auth })).json()) as {
        verifiableCredential: { credentialSubject: { certificationNumber: string } };
      };
      certification.number = record.verifiableCredential.credentialSubject.certificationNumber;
    });

    after(async () => {
      await browser?.close().catch(() => undefined);
      await node?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    const signIn = async (kind: Viewport) => {
      const context = await viewportContext(browser, kind);
      const page = await context.newPage();
      const problems = pageProblems(page);
      await page.goto(`${node.url}/#/login`);
      await page.fill(tid('login-username'), 'broker.staff');
      await page.fill(tid('login-password'), password('broker.staff'));
      await page.click(tid('login-submit'));
      await page.waitForSelector(tid('nav-logout'));
      return { context, page, problems };
    };

    const noSeriousViolations = async (page: Page, where: string) => {
      assert.deepEqual(
        await seriousAxeViolations(page),
        [],
        `no serious or critical accessibility problem on ${where}`,
      );
    };

    /** Fills the entry line of the open claim form. */
    const fillLine = async (page: Page, line: { entry: string; importDate?: string; value?: string }) => {
      await page.fill(tid('claim-field-entryNumber'), line.entry);
      await page.fill(tid('claim-field-entryLine'), '1');
      await page.fill(tid('claim-field-htsus'), '9403.60.40.81');
      await page.fill(tid('claim-field-valueUsd'), line.value ?? '48250.00');
      await page.fill(tid('claim-field-importDate'), line.importDate ?? today());
    };

    /** Submits the form and waits for the claim's page with a decided outcome. */
    const submitAndDecided = async (page: Page, submit: string, replacing?: string) => {
      await page.click(tid(submit));
      await page.waitForSelector(
        replacing === undefined ? tid('claim-page') : `${tid('claim-page')}:not([data-id="${replacing}"])`,
      );
      return waitFor(
        async () => {
          const state = await page.getAttribute(tid('claim-outcome'), 'data-state');
          if (state === 'ACCEPTED' || state === 'DENIED') return state;
          await page.reload();
          await page.waitForSelector(tid('claim-outcome'));
          return undefined;
        },
        WAIT,
        'the claim to be decided',
        300,
      );
    };

    for (const [kind, base] of [
      ['desktop', 1_000_000],
      ['phone', 2_000_000],
    ] as const) {
      it(`${kind}: the broker picks a certification naming its client and files for the importer; a wrong check digit is caught`, async () => {
        const { context, page, problems } = await signIn(kind);
        try {
          await page.goto(`${node.url}/#/claims/new`);
          await page.waitForSelector(tid('file-claim-form'));
          // On behalf of: the importer that authorised the broker, by name.
          await page.waitForSelector(tid('claim-field-importer'));
          const importer = page.locator(`${tid('claim-field-importer')} option:checked`);
          assert.equal((await importer.textContent())?.trim(), 'Great Lakes Home Furnishings LLC');
          await fillLine(page, { entry: entry(base + 1).replace(/\d$/, (d) => String((Number(d) + 1) % 10)) });
          await page.locator(tid('claim-field-entryNumber')).blur();
          assert.equal(await textOf(page, tid('claim-error-entryNumber')), `⚠ ${en['claim.error.checkDigit']}`);
          await page.fill(tid('claim-field-entryNumber'), entry(base + 1));
          await page.click(tid('claim-source-PICK'));
          await page.waitForSelector(tid('claim-pick-list'));
          const pick = page.locator(`${tid('claim-pick')}[data-number="${certification.number}"]`);
          await pick.check();
          assert.match(await textOf(page, tid('claim-pick-list')), /Muebles Artesanales de Jalisco/);
          await screenshot(page, screenshots, `broker-${kind}-01-pick`);
          await noSeriousViolations(page, `the claim form (${kind})`);
          assert.equal(await submitAndDecided(page, 'file-claim-submit'), 'ACCEPTED');
          filed.claimId ||= (await page.getAttribute(tid('claim-page'), 'data-id')) ?? '';
          // Money in the user's locale, the history in words.
          assert.equal(await textOf(page, tid('claim-value')), '$48,250.00');
          const history = await page.locator(tid('claim-event')).allTextContents();
          assert.ok(
            history.some((h) => h.startsWith(`${en['event.claim.made']} — ${en['event.outcome.accepted']}`)),
            history.join(' | '),
          );
          assert.ok(!history.some((h) => /\((ACCEPT|DENY|REVIEW)/.test(h)), history.join(' | '));
          await screenshot(page, screenshots, `broker-${kind}-02-accepted`);
          await noSeriousViolations(page, `the accepted claim (${kind})`);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });

      it(`${kind}: a photo of the certification's QR code is read in the browser and the claim is filed`, async () => {
        const { context, page, problems } = await signIn(kind);
        try {
          const photo = await QRCode.toBuffer(certification.qrText, { errorCorrectionLevel: 'M', scale: 4, margin: 4 });
          await page.goto(`${node.url}/#/claims/new`);
          await page.waitForSelector(tid('file-claim-form'));
          await fillLine(page, { entry: entry(base + 2) });
          await page.click(tid('claim-source-PHOTO'));
          await page.setInputFiles(tid('claim-photo'), {
            name: 'certification.png',
            mimeType: 'image/png',
            buffer: photo,
          });
          await page.waitForSelector(tid('claim-certification-preview'));
          assert.match(await textOf(page, tid('claim-certification-preview')), new RegExp(certification.number));
          await screenshot(page, screenshots, `broker-${kind}-03-photo`);
          await noSeriousViolations(page, `the claim form with a photo (${kind})`);
          assert.equal(await submitAndDecided(page, 'file-claim-submit'), 'ACCEPTED');
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });

      it(`${kind}: a denied claim says what to do next and is corrected`, async () => {
        const { context, page, problems } = await signIn(kind);
        try {
          await page.goto(`${node.url}/#/claims/new`);
          await page.waitForSelector(tid('file-claim-form'));
          // Imported last year: the certification's blanket period (this year) does not cover it.
          await fillLine(page, { entry: entry(base + 3), importDate: lastYear(), value: '1234567.5' });
          await page.click(tid('claim-source-PICK'));
          await page.locator(`${tid('claim-pick')}[data-number="${certification.number}"]`).check();
          assert.equal(await submitAndDecided(page, 'file-claim-submit'), 'DENIED');
          const denied = await page.getAttribute(tid('claim-page'), 'data-id');
          assert.equal(await textOf(page, tid('claim-value')), '$1,234,567.50');
          assert.match(await textOf(page, tid('claim-next-steps')), new RegExp(en['claim.next.title']));
          const history = await page.locator(tid('claim-event')).allTextContents();
          assert.ok(
            history.some((h) => h.startsWith(`${en['event.claim.made']} — ${en['event.outcome.denied']}`)),
            history.join(' | '),
          );
          assert.equal(await textOf(page, tid('correct-open')), en['correct.open']);
          await screenshot(page, screenshots, `broker-${kind}-04-denied`);
          await noSeriousViolations(page, `the denied claim (${kind})`);
          await page.click(tid('correct-open'));
          await page.waitForSelector(tid('correction-form'));
          await page.fill(tid('claim-field-importDate'), today());
          assert.equal(await submitAndDecided(page, 'correction-submit', denied!), 'ACCEPTED');
          assert.notEqual(await page.getAttribute(tid('claim-page'), 'data-id'), denied);
          await page.goto(`${node.url}/#/claims/${encodeURIComponent(denied!)}`);
          await page.waitForSelector(tid('claim-outcome', '[data-state="CORRECTED"]'));
          await screenshot(page, screenshots, `broker-${kind}-05-corrected`);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });
    }

    it('desktop: from the PDF the node printed, and "File a claim" from a certification just verified', async () => {
      const { context, page, problems } = await signIn('desktop');
      try {
        await page.goto(`${node.url}/#/claims/new`);
        await page.waitForSelector(tid('file-claim-form'));
        await fillLine(page, { entry: entry(3_000_001) });
        await page.click(tid('claim-source-PDF'));
        await page.setInputFiles(tid('claim-pdf'), {
          name: `${certification.number}.pdf`,
          mimeType: 'application/pdf',
          buffer: certification.pdf,
        });
        await page.waitForSelector(tid('claim-pdf-read'));
        assert.equal(await submitAndDecided(page, 'file-claim-submit'), 'ACCEPTED');

        // Verified on the Verify screen (pasted QR text), then filed from the verdict.
        await page.goto(`${node.url}/#/`);
        await page.fill(tid('paste-input'), certification.qrText);
        await page.click(tid('paste-submit'));
        await page.waitForSelector(tid('verdict', '[data-verdict="VALID"]'));
        await page.click(tid('file-claim-from-check'));
        await page.waitForSelector(tid('claim-from-check'));
        assert.match(await textOf(page, tid('claim-from-check')), new RegExp(certification.number));
        await fillLine(page, { entry: entry(3_000_002) });
        await screenshot(page, screenshots, 'broker-desktop-06-from-check');
        await noSeriousViolations(page, 'the claim form started from a check');
        assert.equal(await submitAndDecided(page, 'file-claim-submit'), 'ACCEPTED');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    it('desktop: the certifier answers customs with a 2 MiB scanned invoice, streamed to the node', async () => {
      assert.ok(filed.claimId !== '', 'an earlier part filed a claim');
      const login = await fetch(`${node.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'cbp.officer', password: password('cbp.officer') }),
      });
      const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
      const asked = await fetch(`${node.url}/origin/claims/${encodeURIComponent(filed.claimId)}/requests`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'Send the commercial invoice of the oak tables.' }),
      });
      assert.equal(asked.status, 201, await asked.clone().text());
      const request = (await asked.json()) as { id: string };
      const scan = Buffer.alloc(2 * 1024 * 1024, 0x20);
      scan.write('%PDF-1.7\n', 0, 'latin1');

      const context = await viewportContext(browser, 'desktop');
      const page = await context.newPage();
      const problems = pageProblems(page);
      try {
        await page.goto(`${node.url}/#/login`);
        await page.fill(tid('login-username'), 'producer.admin');
        await page.fill(tid('login-password'), password('producer.admin'));
        await page.click(tid('login-submit'));
        await page.waitForSelector(tid('nav-logout'));
        await page.goto(`${node.url}/#/requests/${encodeURIComponent(request.id)}`);
        await page.waitForSelector(tid('answer-form'));
        await page.fill(tid('answer-text'), 'The commercial invoice, scanned.');
        await page.setInputFiles(tid('answer-files'), {
          name: 'invoice-7781-scan.pdf',
          mimeType: 'application/pdf',
          buffer: scan,
        });
        assert.equal(await page.locator(tid('answer-file-error')).count(), 0, 'a 2 MiB scan is accepted');
        await noSeriousViolations(page, 'the answer form');
        await page.click(tid('answer-submit'));
        await page.waitForSelector(tid('request-document'));
        const sha = createHash('sha256').update(scan).digest('hex');
        assert.equal(await page.getAttribute(tid('request-document'), 'data-sha256'), sha);
        await screenshot(page, screenshots, 'broker-desktop-07-answer-scan');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  });
}
