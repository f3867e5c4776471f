import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { QR_ERROR_CORRECTION } from '@clearledger/core';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { usmcaCertification } from '../fixtures/usmcaCertification.ts';
import { seriousAxeViolations, viewportContext } from '../helpers/axe.ts';
import {
  launchChromium,
  pageProblems,
  requireChromium,
  screenshot,
  startWebDemoNode,
  tid,
} from '../helpers/browser.ts';
import { photoLike } from '../helpers/photoLike.ts';
import { type RunningNode, waitFor } from '../helpers/programs.ts';

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test/e2e/screenshots');
const WAIT = 30_000;
const FRAME = { width: 1280, height: 720 };

/**
 * A `.y4m` fake-camera video of `image` (luminance only) centred on a grey table, 30 identical frames.
 */
function writeImageY4m(path: string, image: PNG): void {
  const { width, height } = FRAME;
  const luma = Buffer.alloc(width * height, 150);
  const left = Math.floor((width - image.width) / 2);
  const top = Math.floor((height - image.height) / 2);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const v = 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
      luma[(top + y) * width + left + x] = Math.round(16 + (v * 219) / 255);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, Buffer.alloc((width * height) / 2, 128)]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: 30 }, () => frame)]));
}

/** A photocopy-like image of a QR code: tilted 10°, blurred, washed out (ink and paper 90 levels apart), noisy. */
function photocopyOf(qrPng: Buffer): PNG {
  const photo = photoLike(PNG.sync.read(qrPng), { scale: 1, pad: 40, degrees: 10, blur: 1, noise: 10, seed: 7 });
  for (let i = 0; i < photo.data.length; i += 4) {
    for (let c = 0; c < 3; c++) photo.data[i + c] = Math.round(140 + (photo.data[i + c]! - 140) * 0.5);
  }
  return photo;
}

if (requireChromium('Compact QR in Chromium', 'the photocopied-QR camera test did NOT run.')) {
  describe('A 5-line USMCA certification read by the camera from a photocopy-like QR image', {
    timeout: 240_000,
  }, () => {
    let dataDir: string;
    let node: RunningNode;
    let token = '';
    const browsers: Browser[] = [];
    const issued = { id: '', number: '', qrText: '', video: '' };

    const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
      const response = await fetch(`${node.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      assert.ok(response.ok, `${init.method ?? 'GET'} ${path}: ${response.status} ${await response.clone().text()}`);
      return response;
    };

    before(async () => {
      ({ dataDir, node } = await startWebDemoNode('clearledger-qr-photocopy-'));
      const line = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('producer.admin\t'));
      assert.ok(line, 'the demo producer has a sign-in');
      const login = (await (
        await api('/auth/login', {
          method: 'POST',
          body: { username: 'producer.admin', password: line.split('\t')[1] },
        })
      ).json()) as { accessToken: string; organization: { did: string } };
      token = login.accessToken;

      // Five goods lines, this year's blanket period, signed today.
      const year = new Date().getUTCFullYear();
      const draft = usmcaCertification({
        issuer: login.organization.did,
        serial: 4242,
        signedOn: new Date().toISOString().slice(0, 10),
      });
      const credential = {
        ...draft,
        validFrom: `${year}-01-01T00:00:00Z`,
        credentialSubject: {
          ...draft.credentialSubject,
          scope: { type: 'BLANKET', from: `${year}-01-01`, to: `${year}-12-31` },
        },
      };
      assert.equal(credential.credentialSubject.goods.length, 5);
      const created = (await (await api('/credentials/issue', { method: 'POST', body: { credential } })).json()) as {
        id: string;
      };
      issued.id = created.id;
      issued.number = credential.credentialSubject.certificationNumber;
      await waitFor(
        async () => {
          const record = (await (await api(`/credentials/${encodeURIComponent(issued.id)}`)).json()) as {
            status: string;
          };
          return record.status === 'anchored' ? true : undefined;
        },
        WAIT,
        'the certification to be anchored',
        300,
      );
    });

    after(async () => {
      for (const browser of browsers) await browser.close().catch(() => undefined);
      await node?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    });

    it('the anchored certification fits a version 25 QR code at error correction M, printed as such', async (t) => {
      const qr = (await (await api(`/credentials/${encodeURIComponent(issued.id)}/qr`)).json()) as {
        kind: string;
        text: string;
        anchored: boolean;
      };
      assert.deepEqual([qr.kind, qr.anchored], ['embedded', true]);
      assert.ok(qr.text.startsWith('CL2:'), 'the compact form');
      const symbol = QRCode.create(qr.text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
      t.diagnostic(`QR: ${qr.text.length} characters, version ${symbol.version}`);
      assert.ok(symbol.version <= 25, `version ${symbol.version} (${qr.text.length} characters)`);
      issued.qrText = qr.text;

      // The image the portal shows and prints (4 pixels a module), photocopied.
      const png = Buffer.from(await (await api(`/credentials/${encodeURIComponent(issued.id)}/qr.png`)).arrayBuffer());
      const decoded = PNG.sync.read(png);
      assert.equal(decoded.width, (symbol.modules.size + 8) * 4, 'the QR image is that version, with its quiet zone');
      issued.video = join(dataDir, 'photocopy.y4m');
      writeImageY4m(issued.video, photocopyOf(png));
    });

    for (const kind of ['phone', 'desktop'] as const) {
      it(`${kind}: the officer app, offline, reads the photocopy through the camera and says VALID`, async () => {
        assert.ok(issued.video !== '', 'the QR image was photocopied');
        const browser = await launchChromium({ camera: issued.video });
        browsers.push(browser);
        const context = await viewportContext(browser, kind, WAIT);
        await context.grantPermissions(['camera'], { origin: node.url });
        const page = await context.newPage();
        const problems = pageProblems(page);
        await page.goto(`${node.url}/#/`);
        await page.waitForSelector(tid('trust-status', '[data-state="fresh"]'));
        await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: WAIT });

        // No network from here on: the record, its receipt and the trust snapshot are all on the device.
        await context.setOffline(true);
        await page.click(tid('scan-button'));
        const verdict = await page.waitForSelector(tid('verdict'), { timeout: WAIT }).catch(async (error: unknown) => {
          await screenshot(page, screenshots, `qr-photocopy-${kind}-failed`);
          throw error;
        });
        assert.equal(await verdict.getAttribute('data-verdict'), 'VALID');
        assert.equal(await page.getAttribute(tid('ledger-source'), 'data-kind'), 'snapshot');
        const checks = await page.$$eval(tid('check-row'), (rows) =>
          rows.map((r) => [r.getAttribute('data-check'), r.getAttribute('data-status')]),
        );
        assert.ok(
          checks.some(([check, status]) => check === 'anchor' && status === 'VALID'),
          `the anchor receipt came with the QR code: ${JSON.stringify(checks)}`,
        );
        assert.equal((await page.textContent(tid('fact-certification-number')))?.trim(), issued.number);
        assert.equal(await page.locator(tid('goods-line')).count(), 5);
        assert.deepEqual(await seriousAxeViolations(page), []);
        await screenshot(page, screenshots, `qr-photocopy-${kind}`);
        assert.deepEqual(
          problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)),
          [],
          'no page errors',
        );
        await context.close();
      });
    }
  });
}
