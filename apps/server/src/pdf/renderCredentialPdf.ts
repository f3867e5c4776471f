import {
  type AnchorReceipt,
  type KeyFactsTable,
  QR_EMBEDDED_PREFIX,
  QR_EMBEDDED_PREFIX_V1,
  QR_ERROR_CORRECTION,
  recordKeyFacts,
  recordValidUntil,
} from '@clearledger/core';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import {
  certificationElements,
  columnTexts,
  familyFieldLabels,
  labelOf,
  type PdfLanguage,
  type PdfTexts,
  pdfTexts,
  recordTitles,
  valueLabels,
} from './pdfLabels.ts';

/** Parameters of {@link renderCredentialPdf}. */
export type RenderCredentialPdfParameters = {
  /** The signed credential. */
  verifiableCredential: Record<string, unknown>;
  /** Its ledger hash (SHA-256 of JCS of the signed credential), 64 hex digits. */
  hash: string;
  /** The issuing organisation's name, printed before its DID. */
  issuerName?: string;
  /** Where the record stands on the ledger. */
  status: 'pending' | 'sealed' | 'anchored';
  /** The anchor receipt, once anchored. */
  anchor?: AnchorReceipt;
  /** Text of the QR code (from `encodeQrPayload`): `CL2:…` embedded or a reference URL. */
  qrText: string;
  language: PdfLanguage;
  /** When the copy is printed (ISO-8601); printed in the footer and the PDF's creation date. */
  printedAt: string;
  /** Compress page content (default true); false keeps the drawing operators readable. */
  compress?: boolean;
};

const MM = 72 / 25.4;
/** A4; the margins keep every mark inside the area A4 and US Letter share, so either paper prints it whole. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 15 * MM, right: 15 * MM, top: 18 * MM, bottom: 24 * MM };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
/** Printed QR module pitch: 0.5 mm, so a version 40 code is 92.5 mm wide with its 4-module quiet zone. */
const QR_MODULE = 0.5 * MM;
const QR_QUIET = 4;
const GRAY = '#555555';
const RULE = '#bbbbbb';

/**
 * Renders the paper copy of a record: title from the record type, issuer, record id, issue date and
 * validity, the credential subject as labelled rows (nested objects flattened; the tables its record
 * family's key facts give, such as a certification's goods, as tables),
 * the ledger status and anchor, the record hash and the QR code, drawn as vector squares from the
 * QR module matrix (error correction M) so it stays crisp at any print size. Labels in English,
 * Spanish or French. Text uses the PDF standard fonts: characters outside Windows-1252 are printed
 * without their accents where possible, else as `?`.
 *
 * @param input - The record, its ledger facts, the QR text, the language and the print time.
 * @returns The PDF file.
 * @example
 * const { text } = encodeQrPayload({ verifiableCredential, anchor }, { hash, referenceUrl });
 * const pdf = await renderCredentialPdf({ verifiableCredential, hash, status: 'anchored', anchor, qrText: text, language: 'es', printedAt: new Date().toISOString() });
 */
export function renderCredentialPdf(input: RenderCredentialPdfParameters): Promise<Uint8Array> {
  const texts = pdfTexts[input.language];
  const vc = input.verifiableCredential;
  const title = recordTitle(vc, input.language);
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margins: MARGIN,
    bufferPages: true,
    compress: input.compress ?? true,
    lang: input.language,
    info: {
      Title: winAnsi(title),
      Author: winAnsi(issuerText(vc.issuer, input.issuerName)),
      Subject: input.hash,
      Creator: 'Clearledger',
      Producer: 'Clearledger',
      CreationDate: new Date(input.printedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  new Layout(doc, input, texts, title).render();
  doc.end();
  return done;
}

/** One labelled line of the subject. */
type Row = { kind: 'row'; label: string; value: string } | { kind: 'heading'; text: string } | TableRow;
type TableRow = { kind: 'table'; label: string; table: KeyFactsTable };

class Layout {
  private y = MARGIN.top;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly input: RenderCredentialPdfParameters,
    private readonly t: PdfTexts,
    private readonly title: string,
  ) {}

  render(): void {
    const { input, t } = this;
    const vc = input.verifiableCredential;
    this.write(this.title, MARGIN.left, CONTENT_WIDTH, { font: 'Helvetica-Bold', size: 18 });
    this.write(t.subtitle, MARGIN.left, CONTENT_WIDTH, { size: 8.5, color: GRAY });
    this.y += 8;

    // Top block: the facts a border officer looks at first on the left, the QR code on the right.
    const embedded = input.qrText.startsWith(QR_EMBEDDED_PREFIX) || input.qrText.startsWith(QR_EMBEDDED_PREFIX_V1);
    const qr = QRCode.create(input.qrText, { errorCorrectionLevel: QR_ERROR_CORRECTION });
    const modules = qr.modules.size + 2 * QR_QUIET;
    const qrWidth = embedded
      ? clamp(modules * QR_MODULE, 60 * MM, 95 * MM)
      : clamp(modules * 0.8 * MM, 30 * MM, 45 * MM);
    const top = this.y;
    const leftWidth = CONTENT_WIDTH - qrWidth - 6 * MM;
    const proof = (vc.proof ?? {}) as Record<string, unknown>;
    const validUntil = recordValidUntil(vc);
    const facts: [string, string][] = [
      [t.issuer, issuerText(vc.issuer, input.issuerName)],
      [t.recordId, stringOf(vc.id)],
      [t.issued, formatValue(proof.created, t, this.input.language)],
      [t.validFrom, formatValue(vc.validFrom, t, this.input.language)],
      [
        t.validUntil,
        validUntil === null
          ? t.noEndDate
          : validUntil.source === 'period'
            ? `${validUntil.at.slice(0, 10)} (${t.periodEnd})`
            : formatValue(validUntil.at, t, this.input.language),
      ],
      [t.status, t.statuses[input.status]],
    ];
    for (const [label, value] of facts) this.labelled(label, value, MARGIN.left, leftWidth, 0.36);
    this.y += 6;
    this.write(embedded ? t.embeddedNotice : t.referenceNotice, MARGIN.left, leftWidth, { size: 7.5, color: GRAY });
    const leftBottom = this.y;

    const qrX = MARGIN.left + CONTENT_WIDTH - qrWidth;
    this.drawQr(qr.modules, qrX, top, qrWidth);
    this.y = top + qrWidth + 2;
    this.write(t.scanToVerify, qrX, qrWidth, { font: 'Helvetica-Bold', size: 10, align: 'center' });
    this.y = Math.max(leftBottom, this.y) + 8;

    this.write(t.hash, MARGIN.left, CONTENT_WIDTH, { font: 'Helvetica-Bold', size: 8, color: GRAY });
    this.write(input.hash, MARGIN.left, CONTENT_WIDTH, { font: 'Courier', size: 9 });
    this.y += 6;

    const subject = firstSubject(vc.credentialSubject);
    if (subject !== undefined) {
      this.heading(t.subject);
      const tables = recordKeyFacts(vc)?.facts.tables ?? [];
      for (const row of subjectRows(subject, tables, t, input.language, familyOf(vc))) {
        if (row.kind === 'heading') this.subheading(row.text);
        else if (row.kind === 'row') this.labelled(row.label, row.value, MARGIN.left, CONTENT_WIDTH, 0.34);
        else this.table(row);
      }
    }

    this.heading(t.ledger);
    this.labelled(t.status, t.statuses[input.status], MARGIN.left, CONTENT_WIDTH, 0.34);
    const a = input.anchor;
    if (a !== undefined) {
      this.labelled(t.batchRoot, a.root, MARGIN.left, CONTENT_WIDTH, 0.34, 'Courier');
      this.labelled(t.position, t.positionInBatch(a.leafIndex, a.treeSize), MARGIN.left, CONTENT_WIDTH, 0.34);
      if (a.blockNumber !== undefined) this.labelled(t.block, String(a.blockNumber), MARGIN.left, CONTENT_WIDTH, 0.34);
      if (a.txHash !== undefined) this.labelled(t.transaction, a.txHash, MARGIN.left, CONTENT_WIDTH, 0.34, 'Courier');
      if (a.chainId !== undefined) this.labelled(t.chain, String(a.chainId), MARGIN.left, CONTENT_WIDTH, 0.34);
      if (a.anchoredAt !== undefined)
        this.labelled(t.anchoredAt, formatValue(a.anchoredAt, t, input.language), MARGIN.left, CONTENT_WIDTH, 0.34);
    }
    if (input.status !== 'anchored') this.write(t.notAnchoredYet, MARGIN.left, CONTENT_WIDTH, { size: 8, color: GRAY });

    this.footers();
  }

  /** Writes text at the current line and moves below it. */
  private write(
    text: string,
    x: number,
    width: number,
    style: { font?: string; size?: number; color?: string; align?: 'left' | 'center' } = {},
  ): void {
    const { doc } = this;
    const safe = winAnsi(text);
    doc
      .font(style.font ?? 'Helvetica')
      .fontSize(style.size ?? 9)
      .fillColor(style.color ?? '#000000');
    const height = doc.heightOfString(safe, { width });
    this.ensure(height);
    doc.text(safe, x, this.y, { width, align: style.align ?? 'left' });
    this.y += height;
  }

  /** A label and its value side by side; `labelShare` of the width goes to the label. */
  private labelled(
    label: string,
    value: string,
    x: number,
    width: number,
    labelShare: number,
    valueFont = 'Helvetica',
  ): void {
    const { doc } = this;
    const labelWidth = width * labelShare - 6;
    const valueWidth = width * (1 - labelShare);
    const safeLabel = winAnsi(label);
    const safeValue = winAnsi(value);
    doc.font('Helvetica-Bold').fontSize(8);
    const labelHeight = doc.heightOfString(safeLabel, { width: labelWidth });
    doc.font(valueFont).fontSize(valueFont === 'Courier' ? 8 : 9);
    const valueHeight = doc.heightOfString(safeValue, { width: valueWidth });
    const height = Math.max(labelHeight + 1, valueHeight) + 3;
    this.ensure(height);
    doc
      .font('Helvetica-Bold')
      .fontSize(8)
      .fillColor(GRAY)
      .text(safeLabel, x, this.y + 1, { width: labelWidth });
    doc
      .font(valueFont)
      .fontSize(valueFont === 'Courier' ? 8 : 9)
      .fillColor('#000000')
      .text(safeValue, x + width * labelShare, this.y, { width: valueWidth });
    this.y += height;
  }

  private heading(text: string): void {
    this.ensure(40);
    this.y += 8;
    this.write(text.toUpperCase(), MARGIN.left, CONTENT_WIDTH, { font: 'Helvetica-Bold', size: 10 });
    this.rule(MARGIN.left, MARGIN.left + CONTENT_WIDTH, '#000000');
    this.y += 4;
  }

  private subheading(text: string): void {
    this.ensure(32);
    this.y += 4;
    this.write(text, MARGIN.left, CONTENT_WIDTH, { font: 'Helvetica-Bold', size: 9.5 });
    this.y += 1;
  }

  private rule(x1: number, x2: number, color = RULE): void {
    this.doc.moveTo(x1, this.y).lineTo(x2, this.y).lineWidth(0.5).strokeColor(color).stroke();
  }

  /** Starts a new page when `height` does not fit above the bottom margin. */
  private ensure(height: number): boolean {
    if (this.y + height <= BOTTOM) return false;
    this.doc.addPage();
    this.y = MARGIN.top;
    return true;
  }

  /** A table of the record's family (goods lines…): line number, its columns, the other members as notes. */
  private table({ label, table }: TableRow): void {
    const { doc, t } = this;
    const language = this.input.language;
    this.subheading(label);
    const otherWidth = 84;
    const columns = [
      { title: t.line, width: 24 },
      ...table.columns.map((column, i) => ({
        title: Object.hasOwn(columnTexts, column)
          ? (t[columnTexts[column]!] as string)
          : labelOf(column, language, familyOf(this.input.verifiableCredential)),
        width: i === 0 ? CONTENT_WIDTH - 24 - otherWidth * (table.columns.length - 1) : otherWidth,
      })),
    ];
    const drawRow = (cells: string[], notes: string, bold: boolean): void => {
      const font = bold ? 'Helvetica-Bold' : 'Helvetica';
      doc.font(font).fontSize(8);
      const heights = cells.map((c, i) => doc.heightOfString(winAnsi(c), { width: columns[i]!.width - 6 }));
      doc.font('Helvetica').fontSize(7);
      const notesHeight = notes === '' ? 0 : doc.heightOfString(winAnsi(notes), { width: columns[1]!.width - 6 }) + 1;
      const height = Math.max(...heights.map((h, i) => (i === 1 ? h + notesHeight : h))) + 6;
      if (this.ensure(height) && !bold)
        drawRow(
          columns.map((c) => c.title),
          '',
          true,
        );
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        doc
          .font(font)
          .fontSize(8)
          .fillColor(bold ? GRAY : '#000000')
          .text(winAnsi(cell), x + 3, this.y + 3, { width: columns[i]!.width - 6 });
        if (i === 1 && notes !== '') {
          doc
            .font('Helvetica')
            .fontSize(7)
            .fillColor(GRAY)
            .text(winAnsi(notes), x + 3, this.y + 3 + heights[1]! + 1, { width: columns[1]!.width - 6 });
        }
        x += columns[i]!.width;
      });
      this.y += height;
      this.rule(MARGIN.left, MARGIN.left + CONTENT_WIDTH, bold ? '#000000' : RULE);
    };
    drawRow(
      columns.map((c) => c.title),
      '',
      true,
    );
    table.rows.forEach((row, i) => {
      const notes = Object.entries(row.rest)
        .filter(([, v]) => !isEmpty(v))
        .map(
          ([k, v]) =>
            `${labelOf(k, language, familyOf(this.input.verifiableCredential))}: ${formatValue(v, t, language)}`,
        )
        .join(' · ');
      drawRow([String(row.line ?? i + 1), ...row.cells.map((cell) => cell ?? '—')], notes, false);
    });
    this.y += 4;
  }

  /**
   * Draws the QR code as filled squares (horizontal runs of dark modules), inside a marked-content
   * span whose alternate text tells screen readers what the figure is.
   */
  private drawQr(
    matrix: { size: number; get(row: number, col: number): number | boolean },
    x: number,
    y: number,
    width: number,
  ): void {
    const { doc, t } = this;
    const n = matrix.size;
    const m = width / (n + 2 * QR_QUIET);
    this.ensure(width);
    doc.save();
    doc.markContent('Span', { alt: `QR code: ${t.scanToVerify}` } as PDFKit.Mixins.MarkingOptions);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; ) {
        if (!matrix.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < n && matrix.get(row, col)) col++;
        doc.rect(x + (QR_QUIET + start) * m, y + (QR_QUIET + row) * m, (col - start) * m, m);
      }
    }
    doc.fill('#000000');
    doc.endMarkedContent();
    doc.restore();
  }

  private footers(): void {
    const { doc, t, input } = this;
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      // Text below the bottom margin would otherwise start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = PAGE.height - MARGIN.bottom + 6;
      doc.font('Helvetica').fontSize(7).fillColor(GRAY);
      doc.text(winAnsi(`${t.printed} ${formatValue(input.printedAt, t, input.language)}`), MARGIN.left, y, {
        width: CONTENT_WIDTH / 3,
        lineBreak: false,
      });
      doc.text(winAnsi(this.title), MARGIN.left + CONTENT_WIDTH / 3, y, {
        width: CONTENT_WIDTH / 3,
        align: 'center',
        lineBreak: false,
      });
      doc.text(winAnsi(t.page(i + 1, range.count)), MARGIN.left + (2 * CONTENT_WIDTH) / 3, y, {
        width: CONTENT_WIDTH / 3,
        align: 'right',
        lineBreak: false,
      });
      doc.page.margins.bottom = bottom;
    }
  }
}

const addressKeys = new Set([
  'type',
  'streetAddress',
  'postOfficeBoxNumber',
  'addressLocality',
  'addressRegion',
  'postalCode',
  'addressCountry',
]);

/**
 * The subject's members as labelled rows: scalars first, then one section per nested object; a
 * member one of the family's tables lists is that table.
 */
function subjectRows(
  subject: Record<string, unknown>,
  tables: readonly KeyFactsTable[],
  t: PdfTexts,
  language: PdfLanguage,
  family: string | undefined,
): Row[] {
  const general: Row[] = [];
  const sections: Row[] = [];
  const elements = certificationElements(subject);
  for (const [key, value] of orderedEntries(subject, elements)) {
    if (key === 'type' || isEmpty(value)) continue;
    const element = elements?.find((e) => e.key === key);
    const title =
      element === undefined ? labelOf(key, language, family) : `${element.number}. ${element.title[language]}`;
    const table = tables.find((candidate) => candidate.source === key);
    if (table !== undefined) {
      if (table.rows.length > 0) sections.push({ kind: 'table', label: title, table });
    } else if (isPlainObject(value) && !isAddress(value)) {
      const rows = flatten(value, [], t, language, family);
      if (rows.length > 0) sections.push({ kind: 'heading', text: title }, ...rows);
    } else if (element !== undefined) {
      // An element of the official form that is one value (the certifier's role) is a section of its own.
      sections.push({ kind: 'heading', text: title }, ...flatten({ [key]: value }, [], t, language, family));
    } else general.push(...flatten({ [key]: value }, [], t, language, family));
  }
  return [...(general.length > 0 ? [{ kind: 'heading', text: t.general } as Row] : []), ...general, ...sections];
}

/** The subject's members, those of the official form's elements in the form's order, after the others. */
function orderedEntries(
  subject: Record<string, unknown>,
  elements: ReturnType<typeof certificationElements>,
): [string, unknown][] {
  const entries = Object.entries(subject);
  if (elements === null) return entries;
  const rank = (key: string) => elements.findIndex((e) => e.key === key);
  return [
    ...entries.filter(([key]) => rank(key) < 0),
    ...entries.filter(([key]) => rank(key) >= 0).sort(([a], [b]) => rank(a) - rank(b)),
  ];
}

/** Rows of an object's members; nested labels are joined with " · ". */
function flatten(
  value: Record<string, unknown>,
  path: string[],
  t: PdfTexts,
  language: PdfLanguage,
  family: string | undefined,
): Row[] {
  const rows: Row[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (isEmpty(v) || (key === 'type' && path.length > 0 && typeof v === 'string' && /^[A-Z][A-Za-z]+$/.test(v)))
      continue;
    const label = [...path, labelOf(key, language, family)];
    if (Array.isArray(v) && v.some(isPlainObject)) {
      v.forEach((item, i) => {
        const itemLabel = [...path, `${labelOf(key, language, family)}${v.length > 1 ? ` ${i + 1}` : ''}`];
        if (isPlainObject(item)) rows.push(...flatten(item, itemLabel, t, language, family));
        else if (!isEmpty(item))
          rows.push({ kind: 'row', label: itemLabel.join(' · '), value: formatValue(item, t, language) });
      });
    } else if (isPlainObject(v) && !isAddress(v)) rows.push(...flatten(v, label, t, language, family));
    else rows.push({ kind: 'row', label: label.join(' · '), value: formatValue(v, t, language) });
  }
  return rows;
}

function formatValue(value: unknown, t: PdfTexts, language: PdfLanguage): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? t.yes : t.no;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const known = valueLabels[value]?.[language];
    if (known !== undefined) return known;
    const time = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
    if (time) return `${time[1]} ${time[2]} ${time[3] === 'Z' ? 'UTC' : time[3]}`;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => formatValue(v, t, language)).join(', ');
  if (isAddress(value)) {
    const a = value as Record<string, unknown>;
    return [
      a.streetAddress,
      a.postOfficeBoxNumber,
      [a.postalCode, a.addressLocality].filter((p) => !isEmpty(p)).join(' '),
      a.addressRegion,
      a.addressCountry,
    ]
      .filter((p) => !isEmpty(p))
      .map(String)
      .join(', ');
  }
  return JSON.stringify(value);
}

/** The credential type whose family labels the record's members (see familyFieldLabels), if any. */
function familyOf(vc: Record<string, unknown>): string | undefined {
  const types = Array.isArray(vc.type) ? vc.type : [vc.type];
  return types.find((x): x is string => typeof x === 'string' && Object.hasOwn(familyFieldLabels, x));
}

function recordTitle(vc: Record<string, unknown>, language: PdfLanguage): string {
  const types = (Array.isArray(vc.type) ? vc.type : [vc.type]).filter((x): x is string => typeof x === 'string');
  for (const type of types) {
    const known = recordTitles[type]?.[language];
    if (known !== undefined) return known;
  }
  if (typeof vc.name === 'string' && vc.name !== '') return vc.name;
  const own = types.filter((x) => x !== 'VerifiableCredential').at(-1);
  return own === undefined ? 'Verifiable Credential' : labelOf(own, 'en');
}

function issuerText(issuer: unknown, knownName?: string): string {
  if (typeof issuer === 'string') return knownName === undefined ? issuer : `${knownName} (${issuer})`;
  if (isPlainObject(issuer)) {
    const name = typeof issuer.name === 'string' ? issuer.name : knownName;
    const id = stringOf(issuer.id);
    return name === undefined ? id : `${name} (${id})`;
  }
  return '—';
}

function firstSubject(subject: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(subject) ? subject[0] : subject;
  return isPlainObject(first) ? first : undefined;
}

function stringOf(value: unknown): string {
  return value === undefined || value === null
    ? '—'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAddress(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((k) => addressKeys.has(k)) &&
    ('streetAddress' in value || 'addressLocality' in value || 'addressCountry' in value)
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Windows-1252 characters beyond Latin-1's printable range, which the standard PDF fonts also have. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** `text` in the characters the standard fonts can draw: accents dropped where needed, else `?`. */
function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isWinAnsi(ch)) out += ch;
    else {
      const plain = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += plain !== '' && [...plain].every(isWinAnsi) ? plain : '?';
    }
  }
  return out;
}

function isWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || c === 0x0a || WIN_ANSI_EXTRA.has(ch);
}
