/**
 * The cases in which an agreement's de minimis rule cannot be used, as data. They always apply to
 * evaluations under the agreement (a rule set may add more, never remove these).
 *
 * USMCA: Annex 4-A (Exceptions to Article 4.12 (De Minimis)); textile and apparel goods (chapters
 * 50–63) are measured by weight under Art. 6.1.2 instead of by value (Art. 4.12.4), which the engine
 * applies from the good's chapter. CAFTA-DR: Art. 4.6.2, as enacted in 19 U.S.C. 4033(f)(2); textile
 * goods by weight under Art. 3.25.
 *
 * domain.md §3.3 names only "Ch. 4 dairy, certain citrus, etc." and defers to the agreements; the
 * lists below paraphrase them. Items (a)–(b) of CAFTA-DR were checked against 19 U.S.C. 4033(f)(2);
 * the rest, and the whole USMCA list, are written from the agreement texts as recalled and carry
 * the domain specification's **[V]** mark: confirm against the primary text before relying on them.
 * Conditions the HS subheading alone cannot show (milk solids content, "not flavoured", tariff items
 * below 6 digits) are applied to the whole subheading, so an exclusion may refuse de minimis where
 * the legal text would allow it, never the reverse.
 *
 * HS codes are HS 2022: where the agreements cite 2202.90 (HS 2002/2012) for milk beverages and
 * fortified juices, the HS 2022 subheading 2202.99 is used.
 */
import type { Agreement, DeMinimisExclusion } from '../types.ts';

const COMPOSITION_NOTE =
  'the milk solids (or butterfat) condition is not modelled: every material of the subheadings named counts [V]';

const USMCA = 'USMCA Annex 4-A (Exceptions to Article 4.12 (De Minimis))';
const CAFTA = 'CAFTA-DR Art. 4.6.2; 19 U.S.C. 4033(f)(2)';

const usmca: DeMinimisExclusion[] = [
  {
    ref: 'USMCA-4A(a)',
    goods: ['0401-0406'],
    materials: ['0401-0406', '190190', '210690'],
    description:
      'Dairy products of headings 04.01–04.06 from non-originating dairy of 04.01–04.06 or dairy preparations of 1901.90 or 2106.90',
    source: USMCA,
    note: COMPOSITION_NOTE,
  },
  {
    ref: 'USMCA-4A(b)',
    goods: ['190110', '190120', '190190', '210690', '2105', '220299', '230990'],
    materials: ['0401-0406', '190190'],
    description:
      'Infant preparations, mixes and doughs, dairy preparations, ice cream, milk beverages and animal feeds with milk solids, from non-originating dairy of 04.01–04.06 or 1901.90',
    source: USMCA,
    note: `${COMPOSITION_NOTE}; milk beverages are 2202.99 in HS 2022`,
  },
  {
    ref: 'USMCA-4A(c)',
    goods: ['200911-200939', '210690', '220299'],
    materials: ['0805', '200911-200939'],
    description:
      'Citrus juices of 2009.11–2009.39, and fortified single-fruit juices of 2106.90 or 2202.99, from non-originating citrus of 08.05 or citrus juice of 2009.11–2009.39',
    source: USMCA,
    note: 'every good of 2106.90 and 2202.99 counts, not only fortified single-fruit juices [V]',
  },
  {
    ref: 'USMCA-4A(d)',
    goods: ['210111'],
    materials: ['09'],
    description: 'Instant coffee (not flavoured) of 2101.11 from non-originating materials of Chapter 9',
    source: USMCA,
    note: 'the whole of 2101.11 counts [V]',
  },
  {
    ref: 'USMCA-4A(e)',
    goods: ['1501-1508', '1512', '1514', '1515'],
    materials: ['15'],
    description:
      'Fats and oils of headings 15.01–15.08, 15.12, 15.14 or 15.15 from non-originating materials of Chapter 15',
    source: USMCA,
    note: '[V]',
  },
  {
    ref: 'USMCA-4A(f)',
    goods: ['1701-1703'],
    materials: ['1701'],
    description: 'Sugars and molasses of headings 17.01–17.03 from non-originating cane or beet sugar of 17.01',
    source: USMCA,
    note: '[V]',
  },
  {
    ref: 'USMCA-4A(g)',
    goods: ['180610'],
    materials: ['17', '1805'],
    description: 'Sweetened cocoa powder of 1806.10 from non-originating sugars of Chapter 17 or cocoa powder of 18.05',
    source: USMCA,
    note: '[V]',
  },
  {
    ref: 'USMCA-4A(h)',
    goods: ['2008'],
    materials: ['080830', '080910', '080930', '081310', '200840', '200850', '200870'],
    description: 'Prepared fruit of heading 20.08 from non-originating peaches, pears or apricots of Chapter 8 or 20',
    source: USMCA,
    note: 'subheadings of pears, apricots and peaches (fresh, dried, prepared) chosen for HS 2022 [V]',
  },
  {
    ref: 'USMCA-4A(i)',
    goods: ['2207-2208'],
    materials: ['2203-2208'],
    description: 'Ethyl alcohol and spirits of headings 22.07–22.08 from non-originating beverages of 22.03–22.08',
    source: USMCA,
    note: '[V]',
  },
  {
    ref: 'USMCA-4A(j)',
    goods: [
      '732111',
      '841510',
      '841581-841583',
      '841810-841821',
      '841829-841840',
      '842112',
      '842211',
      '845011-845020',
      '845121-845129',
      '851660',
    ],
    description:
      'Certain household appliances (gas cooking appliances, air conditioners, refrigerators and freezers, clothes dryers and washing machines, dishwashers, ovens and ranges) from any non-originating material',
    source: USMCA,
    note: 'the agreement names some of these at tariff-item level; the whole subheading counts [V]',
  },
];

const caftaDr: DeMinimisExclusion[] = [
  {
    ref: 'CAFTA-DR-4.6.2(a)',
    goods: ['04'],
    materials: ['04', '190190', '210690'],
    description:
      'Goods of Chapter 4 from non-originating materials of Chapter 4 or dairy preparations of 1901.90 or 2106.90',
    source: CAFTA,
    note: COMPOSITION_NOTE,
  },
  {
    ref: 'CAFTA-DR-4.6.2(b)',
    goods: ['190110', '190120', '190190', '210690', '2105', '220299', '230990'],
    materials: ['04', '190190'],
    description:
      'Infant preparations, mixes and doughs, dairy preparations, ice cream, milk beverages and animal feeds with milk solids, from non-originating materials of Chapter 4 or dairy preparations of 1901.90',
    source: CAFTA,
    note: `${COMPOSITION_NOTE}; milk beverages of 2202.90 are 2202.99 in HS 2022`,
  },
  {
    ref: 'CAFTA-DR-4.6.2(c)',
    goods: ['200911-200939', '210690', '220299'],
    materials: ['0805', '200911-200939'],
    description:
      'Citrus juices of 2009.11–2009.39, and fortified single-fruit juices of 2106.90 or 2202.90, from non-originating citrus of 08.05 or citrus juice of 2009.11–2009.39',
    source: CAFTA,
    note: 'every good of 2106.90 and 2202.99 counts, not only fortified single-fruit juices [V]',
  },
  {
    ref: 'CAFTA-DR-4.6.2(d)',
    goods: ['1501-1508', '1512', '1514', '1515'],
    materials: ['15'],
    description:
      'Fats and oils of headings 15.01–15.08, 15.12, 15.14 or 15.15 from non-originating materials of Chapter 15',
    source: CAFTA,
    note: '[V]',
  },
  {
    ref: 'CAFTA-DR-4.6.2(e)',
    goods: ['2008'],
    materials: ['080830', '080910', '080930', '081310', '200840', '200850', '200870'],
    description: 'Prepared fruit of heading 20.08 from non-originating peaches, pears or apricots of Chapter 8 or 20',
    source: CAFTA,
    note: 'subheadings of pears, apricots and peaches (fresh, dried, prepared) chosen for HS 2022 [V]',
  },
  {
    ref: 'CAFTA-DR-4.6.2(f)',
    goods: ['1701-1703'],
    materials: ['1701'],
    description: 'Sugars and molasses of headings 17.01–17.03 from non-originating cane or beet sugar of 17.01',
    source: CAFTA,
    note: '[V]',
  },
  {
    ref: 'CAFTA-DR-4.6.2(g)',
    goods: ['180610'],
    materials: ['17', '1805'],
    description: 'Sweetened cocoa powder of 1806.10 from non-originating sugars of Chapter 17 or cocoa powder of 18.05',
    source: CAFTA,
    note: '[V]',
  },
  {
    ref: 'CAFTA-DR-4.6.2(h)',
    goods: ['2207-2208'],
    materials: ['2203-2208'],
    description: 'Ethyl alcohol and spirits of headings 22.07–22.08 from non-originating beverages of 22.03–22.08',
    source: CAFTA,
    note: '[V]',
  },
  {
    ref: 'CAFTA-DR-4.6.2(i)',
    goods: ['01-21'],
    sameSubheading: true,
    description: 'Goods of Chapters 1–21 from a non-originating material of the same subheading as the good',
    source: CAFTA,
    note: '[V]',
  },
];

/**
 * De minimis exclusions of each agreement (NAFTA Art. 405(3)–(6) is not encoded: give it in the
 * rule set's `deMinimisExclusions` when evaluating legacy NAFTA goods).
 */
export const deMinimisExclusionsByAgreement: Readonly<Record<Agreement, readonly DeMinimisExclusion[]>> = Object.freeze(
  { USMCA: usmca, CAFTA_DR: caftaDr, NAFTA: [] },
);

/** HS chapters of textile and apparel goods (Section XI): their de minimis is by weight (USMCA Art. 6.1.2; CAFTA-DR Art. 3.25). */
export const TEXTILE_CHAPTERS = { from: 50, to: 63 } as const;

/**
 * Criterion D (USMCA Art. 4.2(d); NAFTA Art. 401(d), thresholds [V] in domain.md §10): the RVC a good
 * needs when a non-originating part is classified with the good. CAFTA-DR has no such criterion.
 */
export const criterionDThresholdPct: Readonly<Partial<Record<Agreement, { TV: string; NC: string }>>> = Object.freeze({
  USMCA: { TV: '60', NC: '50' },
  NAFTA: { TV: '60', NC: '50' },
});

/** HS chapters criterion D does not apply to (USMCA Art. 4.2(d): apparel and made-up textiles, CO-11). */
export const CRITERION_D_EXCLUDED_CHAPTERS = { from: 61, to: 63 } as const;
