// Turns the HS 2022 nomenclature in reference-data/hs/*.csv into packages/core/src/hs/hs2022.generated.ts: the
// sections, the chapters and the headings with their descriptions, and every 6-digit subheading as
// the 2-digit suffixes of its heading (compact enough for the browser to load).
// Usage: node --import tsx scripts/generateHsData.ts [--check]
//   --check  exit 1 when the committed file differs from what the data generates.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const dataDir = new URL('../reference-data/hs/', import.meta.url);
const outputFile = new URL('../packages/core/src/hs/hs2022.generated.ts', import.meta.url);

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, LF or CRLF) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field at the end of the CSV');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows of a CSV file as objects keyed by the header, each row checked to have every column. */
function readTable<C extends string>(file: string, columns: readonly C[]): Record<C, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(new URL(file, dataDir), 'utf8'));
  if (header === undefined || header.join(',') !== columns.join(','))
    throw new Error(`${file}: expected the header ${columns.join(',')}, found ${header?.join(',')}`);
  return rows.map((fields, n) => {
    if (fields.length !== columns.length) throw new Error(`${file}:${n + 2}: expected ${columns.length} fields`);
    return Object.fromEntries(columns.map((c, k) => [c, fields[k]!.trim()])) as Record<C, string>;
  });
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function generate(): { source: string; counts: Record<string, number> } {
  const sectionRows = readTable('hs-sections.csv', ['section', 'name']);
  const rows = readTable('harmonized-system-2022.csv', ['section', 'hscode', 'description', 'parent', 'level']);

  // UN Comtrade adds a grand total (TOTAL) and chapter 99 "Commodities not specified according to
  // kind" (99, 9999, 999999) for its statistics; neither is part of the WCO nomenclature.
  const hsRows = rows.filter((r) => r.section !== 'TOTAL' && !r.hscode.startsWith('99'));

  const chapters: [string, string][] = [];
  const headings = new Map<string, { description: string; suffixes: string[] }>();
  const chapterSection = new Map<string, string>();
  let previous = '';
  for (const r of hsRows) {
    const { section, hscode: code, description, parent, level } = r;
    if (!/^(\d{2}|\d{4}|\d{6})$/.test(code) || String(code.length) !== level)
      throw new Error(`malformed HS code ${code} (level ${level})`);
    if (code <= previous) throw new Error(`HS codes are not in ascending order at ${code}`);
    previous = code;
    if (description === '') throw new Error(`HS code ${code} has no description`);
    if (code.length === 2) {
      if (parent !== 'TOTAL') throw new Error(`chapter ${code} has the parent ${parent}`);
      chapters.push([code, description]);
      chapterSection.set(code, section);
      continue;
    }
    if (parent !== code.slice(0, -2)) throw new Error(`HS code ${code} has the parent ${parent}`);
    if (chapterSection.get(code.slice(0, 2)) !== section)
      throw new Error(`HS code ${code} is in section ${section}, its chapter is not`);
    if (code.length === 4) {
      if (!chapterSection.has(parent)) throw new Error(`heading ${code} has no chapter`);
      headings.set(code, { description, suffixes: [] });
    } else {
      const heading = headings.get(parent);
      if (heading === undefined) throw new Error(`subheading ${code} has no heading`);
      heading.suffixes.push(code.slice(4));
    }
  }
  for (const [code, heading] of headings)
    if (heading.suffixes.length === 0) throw new Error(`heading ${code} has no subheadings`);

  const sections = sectionRows.map(({ section, name }) => {
    const own = chapters.filter(([c]) => chapterSection.get(c) === section).map(([c]) => c);
    if (own.length === 0) throw new Error(`section ${section} has no chapters`);
    const first = own[0]!;
    const last = own[own.length - 1]!;
    // Sections are ranges of chapters, which is what lets the generated data store only the ends.
    const between = chapters.map(([c]) => c).filter((c) => c >= first && c <= last);
    if (between.length !== own.length) throw new Error(`section ${section} is not a contiguous range of chapters`);
    return [section, capitalised(name), first, last] as const;
  });
  for (const [code] of chapters)
    if (!sections.some(([s]) => s === chapterSection.get(code))) throw new Error(`chapter ${code} has no section`);

  const q = (value: string) => JSON.stringify(value);
  const subheadingCount = [...headings.values()].reduce((n, h) => n + h.suffixes.length, 0);
  const source = [
    '// Generated by scripts/generateHsData.ts from reference-data/hs/harmonized-system-2022.csv and reference-data/hs/hs-sections.csv',
    '// (WCO Harmonized System 2022 as published by the datasets/harmonized-system project, ODC-PDDL).',
    '// Do not edit: run `node --import tsx scripts/generateHsData.ts` after changing the data.',
    '',
    `/** The ${sections.length} sections: [roman numeral, title, first chapter, last chapter]. */`,
    'export const hs2022Sections: readonly (readonly [string, string, string, string])[] = [',
    ...sections.map(([s, name, first, last]) => `  [${q(s)}, ${q(name)}, ${q(first)}, ${q(last)}],`),
    '];',
    '',
    `/** The ${chapters.length} chapters, ascending: [chapter, description]. */`,
    'export const hs2022Chapters: readonly (readonly [string, string])[] = [',
    ...chapters.map(([c, d]) => `  [${q(c)}, ${q(d)}],`),
    '];',
    '',
    `/**`,
    ` * The ${headings.size} headings, ascending: [heading, the last two digits of each of its subheadings`,
    ` * concatenated in ascending order, description] (${subheadingCount} subheadings in all).`,
    ' */',
    'export const hs2022Headings: readonly (readonly [string, string, string])[] = [',
    ...[...headings].map(([c, h]) => `  [${q(c)}, ${q(h.suffixes.join(''))}, ${q(h.description)}],`),
    '];',
    '',
  ].join('\n');
  return {
    source,
    counts: {
      sections: sections.length,
      chapters: chapters.length,
      headings: headings.size,
      subheadings: subheadingCount,
    },
  };
}

const { source, counts } = generate();
const shownPath = relative(process.cwd(), outputFile.pathname);
const summary = `${Object.entries(counts)
  .map(([k, v]) => `${v} ${k}`)
  .join(', ')}; ${new TextEncoder().encode(source).length} bytes`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(outputFile, 'utf8');
  } catch {
    // A missing file is reported as out of date below.
  }
  if (committed !== source) {
    process.stderr.write(
      `${shownPath} is out of date with reference-data/hs: run \`node --import tsx scripts/generateHsData.ts\` and commit the result.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${shownPath} is up to date (${summary})\n`);
} else {
  writeFileSync(outputFile, source);
  process.stdout.write(`wrote ${shownPath} (${summary})\n`);
}
