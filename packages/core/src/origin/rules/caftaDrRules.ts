/**
 * CAFTA-DR product-specific rules of origin (Annex 4.1, as implemented in HTSUS General Note 29(n)),
 * a documented selection for foods (ch. 19–20), apparel (ch. 61–62), furniture (ch. 94), electronics
 * (ch. 85) and auto parts (ch. 87).
 *
 * Each rule paraphrases the structure of the legal rule: tariff-shift level, "except from" lists,
 * RVC methods and thresholds (the agreement's pairs are 35 % build-up / 45 % build-down and
 * 30 % build-up / 35 % build-down). It is reference data, not legal advice: check the current HTSUS
 * General Note 29 before relying on a rule. HS codes are HS2022 as transposed in the HTSUS.
 *
 * Rules whose structure is simplified, or whose exact text could not be confirmed against the
 * primary source (each carries a `note` saying what):
 * - CAFTA-DR-4.1-19.02, CAFTA-DR-4.1-20.07 — chapter-change wording assumed by analogy with
 *   heading 19.05, not confirmed.
 * - CAFTA-DR-4.1-61.09, CAFTA-DR-4.1-61.10, CAFTA-DR-4.1-62.03, CAFTA-DR-4.1-62.05 — yarn-forward
 *   exception lists from memory; the cut (or knit to shape) and sewn requirement, the Chapter 61/62
 *   notes (sewing thread, pocketing, narrow elastic, visible lining), the short-supply list and
 *   the elastomeric-yarn rule are not modelled.
 * - CAFTA-DR-4.1-9401.61-9401.80, CAFTA-DR-4.1-9403.30-9403.89 — second alternative reduced to a
 *   change of subheading plus RVC; rule level and thresholds not confirmed.
 * - CAFTA-DR-4.1-8517.11-8517.69, CAFTA-DR-4.1-8544.11-8544.60 — structure from memory, not
 *   confirmed.
 * - CAFTA-DR-4.1-8708 — auto parts modelled as one heading rule with a 35 % build-up / 45 %
 *   build-down alternative; the net cost method CAFTA-DR allows for certain automotive goods is not
 *   modelled; subheading-level rules not confirmed.
 *
 * CAFTA-DR-4.1-19.05 follows the example of domain.md §3.6 E-RO-1 ("a change to heading 19.05 from any
 * other chapter"); it still carries no warranty.
 */
import type { ProductRule, RuleSet } from '../types.ts';

const SOURCE = 'CAFTA-DR Annex 4.1; HTSUS General Note 29(n)';

const KNIT_APPAREL_EXCEPT = ['5106-5113', '5204-5212', '5307-5308', '5310-5311', '54', '5508-5516', '6001-6006'];
const WOVEN_APPAREL_EXCEPT = [
  '5106-5113',
  '5204-5212',
  '5307-5308',
  '5310-5311',
  '54',
  '5508-5516',
  '5801-5802',
  '6001-6006',
];
const APPAREL_NOTE =
  'structure simplified: exception list from memory of the yarn-forward rule; the cut (or knit to shape) and sewn or otherwise assembled requirement, the chapter notes (sewing thread, pocketing, narrow elastic, visible lining), the short-supply list and the elastomeric-yarn rule are not modelled.';

function apparel(heading: string, what: string, except: string[]): ProductRule {
  return {
    ref: `CAFTA-DR-4.1-${heading.slice(0, 2)}.${heading.slice(2)}`,
    hs: heading,
    description: `${what}: a change to heading ${heading.slice(0, 2)}.${heading.slice(2)} from any other chapter, except from the listed yarns and fabrics, provided the good is cut (or knit to shape) and sewn or otherwise assembled in the territory of one or more of the Parties.`,
    source: `${SOURCE} (Chapter ${heading.slice(0, 2)}); 19 U.S.C. 4033(f) (textile de minimis by weight of the component)`,
    note: APPAREL_NOTE,
    alternatives: [{ tariffShift: { level: 'CC', exceptFrom: except }, deMinimisBasis: 'WEIGHT' }],
  };
}

/** CAFTA-DR product-specific rules (HS2022). The agreement entered into force for its Parties between 2006-03-01 and 2009-01-01. */
export const caftaDrRules: RuleSet = {
  agreement: 'CAFTA_DR',
  hsEdition: 'HS2022',
  source: SOURCE,
  inForce: { from: '2006-03-01' },
  rules: [
    {
      ref: 'CAFTA-DR-4.1-19.02',
      hs: '1902',
      description: 'Pasta: a change to heading 19.02 from any other chapter.',
      source: `${SOURCE} (Chapter 19)`,
      note: 'structure simplified: chapter-change wording assumed, not confirmed against General Note 29.',
      alternatives: [{ tariffShift: { level: 'CC' } }],
    },
    {
      ref: 'CAFTA-DR-4.1-19.05',
      hs: '1905',
      description:
        "Bread, pastry, cakes, biscuits and other bakers' wares: a change to heading 19.05 from any other chapter.",
      source: `${SOURCE} (Chapter 19)`,
      alternatives: [{ tariffShift: { level: 'CC' } }],
    },
    {
      ref: 'CAFTA-DR-4.1-20.07',
      hs: '2007',
      description:
        'Jams, fruit jellies, marmalades, purées and pastes: a change to heading 20.07 from any other chapter.',
      source: `${SOURCE} (Chapter 20)`,
      note: 'structure simplified: chapter-change wording assumed, not confirmed against General Note 29.',
      alternatives: [{ tariffShift: { level: 'CC' } }],
    },
    apparel('6109', 'T-shirts, singlets, tank tops and similar garments, knitted', KNIT_APPAREL_EXCEPT),
    apparel('6110', 'Sweaters, pullovers, sweatshirts, waistcoats and similar articles, knitted', KNIT_APPAREL_EXCEPT),
    apparel('6203', "Men's or boys' suits, ensembles, jackets, trousers and shorts, not knitted", WOVEN_APPAREL_EXCEPT),
    apparel('6205', "Men's or boys' shirts, not knitted", WOVEN_APPAREL_EXCEPT),
    {
      ref: 'CAFTA-DR-4.1-9401.61-9401.80',
      hs: '940161-940180',
      description:
        'Other seats: (A) a change to subheadings 9401.61 through 9401.80 from any other chapter; or (B) a change from the parts subheadings 9401.91 through 9401.99, provided there is a regional value content of not less than 35 % (build-up) or 45 % (build-down).',
      source: `${SOURCE} (Chapter 94)`,
      note: 'structure simplified: alternative (B) modelled as a change of subheading plus RVC; rule level and thresholds not confirmed.',
      alternatives: [
        { tariffShift: { level: 'CC' } },
        {
          tariffShift: { level: 'CTSH' },
          rvc: { methods: ['BUILD_UP', 'BUILD_DOWN'], thresholdPct: { BUILD_UP: '35', BUILD_DOWN: '45' } },
        },
      ],
    },
    {
      ref: 'CAFTA-DR-4.1-9403.30-9403.89',
      hs: '940330-940389',
      description:
        'Other furniture: (A) a change to subheadings 9403.30 through 9403.89 from any other chapter; or (B) a change from the parts subheadings 9403.91 through 9403.99, provided there is a regional value content of not less than 35 % (build-up) or 45 % (build-down).',
      source: `${SOURCE} (Chapter 94)`,
      note: 'structure simplified: alternative (B) modelled as a change of subheading plus RVC; rule level and thresholds not confirmed.',
      alternatives: [
        { tariffShift: { level: 'CC' } },
        {
          tariffShift: { level: 'CTSH' },
          rvc: { methods: ['BUILD_UP', 'BUILD_DOWN'], thresholdPct: { BUILD_UP: '35', BUILD_DOWN: '45' } },
        },
      ],
    },
    {
      ref: 'CAFTA-DR-4.1-8517.11-8517.69',
      hs: '851711-851769',
      description:
        'Telephone sets (including smartphones) and other apparatus for the transmission or reception of voice, images or data: a change to subheadings 8517.11 through 8517.69 from any other subheading.',
      source: `${SOURCE} (Chapter 85)`,
      note: 'structure simplified: level and grouping from memory, not confirmed.',
      alternatives: [{ tariffShift: { level: 'CTSH' } }],
    },
    {
      ref: 'CAFTA-DR-4.1-8544.11-8544.60',
      hs: '854411-854460',
      description:
        'Insulated wire, cable and other insulated electric conductors: a change to subheadings 8544.11 through 8544.60 from any other heading, except from headings 74.08, 74.13, 76.05 or 76.14.',
      source: `${SOURCE} (Chapter 85)`,
      note: 'structure simplified: exception list from memory, not confirmed.',
      alternatives: [{ tariffShift: { level: 'CTH', exceptFrom: ['7408', '7413', '7605', '7614'] } }],
    },
    {
      ref: 'CAFTA-DR-4.1-8708',
      hs: '8708',
      description:
        'Parts and accessories of motor vehicles: (A) a change to heading 87.08 from any other heading; or (B) no change in tariff classification required, provided there is a regional value content of not less than 35 % (build-up) or 45 % (build-down).',
      source: `${SOURCE} (Chapter 87)`,
      note: 'structure simplified: modelled as one heading rule; subheading-level rules and the net cost method for automotive goods are not modelled.',
      alternatives: [
        { tariffShift: { level: 'CTH' } },
        { rvc: { methods: ['BUILD_UP', 'BUILD_DOWN'], thresholdPct: { BUILD_UP: '35', BUILD_DOWN: '45' } } },
      ],
    },
  ],
};
