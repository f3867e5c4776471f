import { hs2022Chapters, hs2022Headings, hs2022Sections } from './hs2022.generated.ts';

/** A section of the Harmonized System (e.g. XX "Miscellaneous manufactured articles", chapters 94–96). */
export type HsSection = { numeral: string; title: string; firstChapter: string; lastChapter: string };

type HsIndex = {
  subheadings: ReadonlySet<string>;
  /** Chapter (2 digits) and heading (4 digits) descriptions. */
  descriptions: ReadonlyMap<string, string>;
  sectionOfChapter: ReadonlyMap<string, HsSection>;
};

let index: HsIndex | undefined;

/** Builds the lookup tables on first use, so that importing the module costs nothing. */
function hsIndex(): HsIndex {
  if (index !== undefined) return index;
  const subheadings = new Set<string>();
  const descriptions = new Map<string, string>();
  for (const [chapter, description] of hs2022Chapters) descriptions.set(chapter, description);
  for (const [heading, suffixes, description] of hs2022Headings) {
    descriptions.set(heading, description);
    for (let i = 0; i < suffixes.length; i += 2) subheadings.add(heading + suffixes.slice(i, i + 2));
  }
  const sectionOfChapter = new Map<string, HsSection>();
  for (const [numeral, title, firstChapter, lastChapter] of hs2022Sections) {
    const section = { numeral, title, firstChapter, lastChapter };
    for (const [chapter] of hs2022Chapters)
      if (chapter >= firstChapter && chapter <= lastChapter) sectionOfChapter.set(chapter, section);
  }
  index = { subheadings, descriptions, sectionOfChapter };
  return index;
}

const HS_DIGITS = /^\d{2}(?:\d{2}(?:\d{2}(?:\d{2}(?:\d{2})?)?)?)?$/;

/**
 * True when `code` is a 6-digit subheading of the HS 2022 nomenclature (digits only, no dot).
 * Headings without subdivisions count as their `00` subheading (e.g. `040900`, honey).
 *
 * @example isHs2022Subheading('940360') // true: wooden furniture other than office, kitchen, bedroom
 * @example isHs2022Subheading('999999') // false: not a WCO subheading
 */
export function isHs2022Subheading(code: string): boolean {
  return code.length === 6 && hsIndex().subheadings.has(code);
}

/**
 * True when `code` is a chapter (2 digits), heading (4 digits) or subheading (6 digits) of HS 2022.
 *
 * @example isHs2022Code('94') // true
 */
export function isHs2022Code(code: string): boolean {
  if (code.length === 6) return isHs2022Subheading(code);
  return (code.length === 2 || code.length === 4) && hsIndex().descriptions.has(code);
}

/**
 * The HS 2022 description of a chapter (2 digits) or heading (4 digits); for a subheading (6 digits)
 * that exists, the description of its heading, the most specific text carried (subheading texts are
 * left out to keep the nomenclature small enough for the browser). `undefined` for anything else.
 *
 * @example hsDescription('9403') // 'Furniture and parts thereof, n.e.c. in chapter 94'
 */
export function hsDescription(code: string): string | undefined {
  if (code.length === 6) return isHs2022Subheading(code) ? hsIndex().descriptions.get(code.slice(0, 4)) : undefined;
  if (code.length !== 2 && code.length !== 4) return undefined;
  return hsIndex().descriptions.get(code);
}

/**
 * The chapter (first 2 digits) of an HS or HTSUS number of 2, 4, 6, 8 or 10 digits, or `undefined`
 * when `code` is not such a number. Structural only: use {@link isHs2022Code} for existence.
 *
 * @example hsChapter('610910') // '61'
 */
export function hsChapter(code: string): string | undefined {
  return HS_DIGITS.test(code) ? code.slice(0, 2) : undefined;
}

/**
 * The heading (first 4 digits) of an HS or HTSUS number of 4, 6, 8 or 10 digits, or `undefined`.
 * Structural only: use {@link isHs2022Code} for existence.
 *
 * @example hsHeading('94036080') // '9403'
 */
export function hsHeading(code: string): string | undefined {
  return HS_DIGITS.test(code) && code.length >= 4 ? code.slice(0, 4) : undefined;
}

/**
 * The HS 2022 section a chapter, heading or subheading belongs to, or `undefined` when its chapter
 * does not exist.
 *
 * @example hsSection('940360')?.numeral // 'XX'
 */
export function hsSection(code: string): HsSection | undefined {
  const chapter = hsChapter(code);
  return chapter === undefined ? undefined : hsIndex().sectionOfChapter.get(chapter);
}

/**
 * The display form of an HS number: `dddd.dd` for a subheading, `dddd.dd.dd` / `dddd.dd.dddd` for
 * HTSUS numbers; other strings are returned unchanged.
 *
 * @example formatHsCode('940360') // '9403.60'
 */
export function formatHsCode(code: string): string {
  if (!HS_DIGITS.test(code) || code.length < 6) return code;
  return `${code.slice(0, 4)}.${code.slice(4, 6)}${code.length > 6 ? `.${code.slice(6)}` : ''}`;
}

/** How many subheadings HS 2022 has (5,612: the WCO subheadings, without UN Comtrade's 999999). */
export function hs2022SubheadingCount(): number {
  return hsIndex().subheadings.size;
}
