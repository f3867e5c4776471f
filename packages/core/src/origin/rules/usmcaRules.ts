/**
 * USMCA product-specific rules of origin (Annex 4-B and its Appendix for automotive goods, as
 * implemented in HTSUS General Note 11), a documented selection for apparel (ch. 61–62), furniture
 * (ch. 94), automotive goods (ch. 84/87), electronics (ch. 85) and foods (ch. 19–20).
 *
 * Each rule paraphrases the structure of the legal rule: tariff-shift level, "except from" lists,
 * RVC methods and thresholds. It is reference data, not legal advice: check the current HTSUS
 * General Note 11 before relying on a rule. HS codes are HS2022 as transposed in the HTSUS.
 *
 * Rules whose structure is simplified, or whose exact text could not be confirmed against the
 * primary source (each carries a `note` saying what):
 * - USMCA-4B-19.02, USMCA-4B-20.05, USMCA-4B-20.07, USMCA-4B-2008.11 — tariff-shift wording from the
 *   NAFTA-era rules, not confirmed against General Note 11.
 * - USMCA-4B-61.04, USMCA-4B-61.09, USMCA-4B-61.10, USMCA-4B-62.03, USMCA-4B-62.04, USMCA-4B-62.05 —
 *   yarn-forward exception lists from memory; the "cut (or knit to shape) and sewn in the territory"
 *   condition and the Chapter 61/62 rules on sewing thread, pocketing, narrow elastic and coated
 *   fabric are not modelled.
 * - USMCA-4B-9401.61-9401.80, USMCA-4B-9403.30-9403.89, USMCA-4B-9404.21 — second alternative
 *   ("from the parts subheading, whether or not there is also a change …, provided RVC …") reduced
 *   to a change of subheading plus RVC; exact subheading groups not confirmed.
 * - USMCA-4B-8504.40, USMCA-4B-8517.11-8517.69, USMCA-4B-8544.11-8544.60, USMCA-4B-8544.70,
 *   USMCA-4B-85.01 — structure from memory of the NAFTA/USMCA electronics rules; not confirmed.
 * - USMCA-4B-App-8703, USMCA-4B-App-8704.21, USMCA-4B-App-8704.31, USMCA-4B-App-8704.22-8704.23,
 *   USMCA-4B-App-8701.21-8701.29 — only the RVC (net cost) of the Appendix is modelled; the
 *   tariff-shift part, core-parts originating requirement, steel and aluminium purchases, labour
 *   value content and alternative staging regimes are not.
 * - USMCA-4B-App-8407.34, USMCA-4B-App-8708.29, USMCA-4B-App-8708.40, USMCA-4B-App-8708.50,
 *   USMCA-4B-App-8708.80, USMCA-4B-App-8708.94 (core parts, Table A.1) and USMCA-4B-App-8708.30,
 *   USMCA-4B-App-8708.70 (principal parts, Table B) — only the Appendix RVC is modelled, the tariff
 *   shift of Annex 4-B is left out; the Table B schedule is marked [V] in domain.md §3.2.
 *
 * USMCA-4B-19.05 is believed to match the legal text ("a change to heading 19.05 from any other
 * chapter"); it still carries no warranty.
 */
import type { DatedThreshold, ProductRule, RuleSet } from '../types.ts';

const SOURCE = 'USMCA Annex 4-B; HTSUS General Note 11';
const AUTO_SOURCE =
  'USMCA Annex 4-B, Appendix (Provisions Related to the Product-Specific Rules of Origin for Automotive Goods); HTSUS General Note 11';

/** Yarn-forward exceptions of Chapter 61 (yarns and fabrics that must originate). */
const KNIT_APPAREL_EXCEPT = ['5106-5113', '5204-5212', '5307-5308', '5310-5311', '54', '5508-5516', '6001-6006'];
/** Yarn-forward exceptions of Chapter 62 (adds the special woven fabrics of 58.01–58.02). */
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
  'structure simplified: exception list from memory of the Annex 4-B yarn-forward rule; the cut (or knit to shape) and sewn or otherwise assembled requirement and the Chapter 61/62 rules on sewing thread, pocketing fabric, narrow elastic bands and coated fabric are not modelled.';

/** Passenger vehicles and light trucks: RVC under net cost, phased in by date of importation (domain.md §3.2). */
const VEHICLE_NC: DatedThreshold[] = [
  { from: '2020-07-01', to: '2021-06-30', pct: '66' },
  { from: '2021-07-01', to: '2022-06-30', pct: '69' },
  { from: '2022-07-01', to: '2023-06-30', pct: '72' },
  { from: '2023-07-01', pct: '75' },
];

/** Heavy trucks: 60 % net cost, 64 % from 2024-07-01, 70 % from 2027-07-01. */
const HEAVY_TRUCK_NC: DatedThreshold[] = [
  { from: '2020-07-01', to: '2024-06-30', pct: '60' },
  { from: '2024-07-01', to: '2027-06-30', pct: '64' },
  { from: '2027-07-01', pct: '70' },
];

/** Core parts (Table A.1): net cost 66/69/72/75 % or transaction value 76/79/82/85 %. */
const CORE_PARTS: DatedThreshold[] = [
  { from: '2020-07-01', to: '2021-06-30', pct: '66', method: 'NC' },
  { from: '2021-07-01', to: '2022-06-30', pct: '69', method: 'NC' },
  { from: '2022-07-01', to: '2023-06-30', pct: '72', method: 'NC' },
  { from: '2023-07-01', pct: '75', method: 'NC' },
  { from: '2020-07-01', to: '2021-06-30', pct: '76', method: 'TV' },
  { from: '2021-07-01', to: '2022-06-30', pct: '79', method: 'TV' },
  { from: '2022-07-01', to: '2023-06-30', pct: '82', method: 'TV' },
  { from: '2023-07-01', pct: '85', method: 'TV' },
];

/** Principal parts (Table B): net cost 62.5/65/67.5/70 % or transaction value 72.5/75/77.5/80 % ([V]). */
const PRINCIPAL_PARTS: DatedThreshold[] = [
  { from: '2020-07-01', to: '2021-06-30', pct: '62.5', method: 'NC' },
  { from: '2021-07-01', to: '2022-06-30', pct: '65', method: 'NC' },
  { from: '2022-07-01', to: '2023-06-30', pct: '67.5', method: 'NC' },
  { from: '2023-07-01', pct: '70', method: 'NC' },
  { from: '2020-07-01', to: '2021-06-30', pct: '72.5', method: 'TV' },
  { from: '2021-07-01', to: '2022-06-30', pct: '75', method: 'TV' },
  { from: '2022-07-01', to: '2023-06-30', pct: '77.5', method: 'TV' },
  { from: '2023-07-01', pct: '80', method: 'TV' },
];

const VEHICLE_NOTE =
  'structure simplified: only the Appendix RVC (net cost, by date of importation) is modelled; the tariff shift, the requirement that core parts originate, steel and aluminium purchases (70 %), labour value content and alternative staging regimes are not.';
const CORE_PART_NOTE =
  'structure simplified: only the Appendix RVC for core parts (Table A.1) is modelled; the Annex 4-B tariff shift that accompanies it is left out.';
const PRINCIPAL_PART_NOTE =
  'structure simplified: only the Appendix RVC for principal parts (Table B) is modelled, without the Annex 4-B tariff shift; the 2023 step (70 % NC / 80 % TV) is to be verified (domain.md §10).';

function apparel(heading: string, what: string, except: string[]): ProductRule {
  return {
    ref: `USMCA-4B-${heading.slice(0, 2)}.${heading.slice(2)}`,
    hs: heading,
    description: `${what}: a change to heading ${heading.slice(0, 2)}.${heading.slice(2)} from any other chapter, except from the listed yarns and fabrics, provided the good is cut (or knit to shape) and sewn or otherwise assembled in the territory of one or more of the Parties.`,
    source: `${SOURCE} (Chapter ${heading.slice(0, 2)}); USMCA Art. 6.1.3 (de minimis by weight of the classifying component)`,
    note: APPAREL_NOTE,
    alternatives: [{ tariffShift: { level: 'CC', exceptFrom: except }, deMinimisBasis: 'WEIGHT' }],
  };
}

function corePart(hs6: string, what: string): ProductRule {
  return {
    ref: `USMCA-4B-App-${hs6.slice(0, 4)}.${hs6.slice(4)}`,
    hs: hs6,
    description: `${what} for passenger vehicles and light trucks (core part, Table A.1): regional value content of not less than 66/69/72/75 % under net cost or 76/79/82/85 % under transaction value, stepping up each 1 July from 2020 to 2023.`,
    source: `${AUTO_SOURCE}, Art. 3 and Table A.1`,
    note: CORE_PART_NOTE,
    alternatives: [{ rvc: { methods: ['NC', 'TV'], thresholdPct: CORE_PARTS } }],
  };
}

function principalPart(hs6: string, what: string): ProductRule {
  return {
    ref: `USMCA-4B-App-${hs6.slice(0, 4)}.${hs6.slice(4)}`,
    hs: hs6,
    description: `${what} for passenger vehicles and light trucks (principal part, Table B): regional value content of not less than 62.5/65/67.5/70 % under net cost or 72.5/75/77.5/80 % under transaction value, stepping up each 1 July from 2020 to 2023.`,
    source: `${AUTO_SOURCE}, Art. 3 and Table B`,
    note: PRINCIPAL_PART_NOTE,
    alternatives: [{ rvc: { methods: ['NC', 'TV'], thresholdPct: PRINCIPAL_PARTS } }],
  };
}

/** USMCA product-specific rules (HS2022), in force for importations from 2020-07-01. */
export const usmcaRules: RuleSet = {
  agreement: 'USMCA',
  hsEdition: 'HS2022',
  source: SOURCE,
  inForce: { from: '2020-07-01' },
  rules: [
    // Foods, chapters 19–20
    {
      ref: 'USMCA-4B-19.02',
      hs: '1902',
      description: 'Pasta: a change to heading 19.02 from any other chapter.',
      source: `${SOURCE} (Chapter 19)`,
      note: 'structure simplified: wording from the NAFTA-era rule, not confirmed against General Note 11.',
      alternatives: [{ tariffShift: { level: 'CC' } }],
    },
    {
      ref: 'USMCA-4B-19.05',
      hs: '1905',
      description:
        "Bread, pastry, cakes, biscuits and other bakers' wares: a change to heading 19.05 from any other chapter.",
      source: `${SOURCE} (Chapter 19)`,
      alternatives: [{ tariffShift: { level: 'CC' } }],
    },
    {
      ref: 'USMCA-4B-20.05',
      hs: '2005',
      description:
        'Other vegetables prepared or preserved, not frozen: a change to heading 20.05 from any other chapter.',
      source: `${SOURCE} (Chapter 20)`,
      note: 'structure simplified: subheading-level rules and any exceptions for fresh vegetables of Chapter 7 are not confirmed; modelled as one chapter-change rule.',
      alternatives: [{ tariffShift: { level: 'CC' } }],
    },
    {
      ref: 'USMCA-4B-20.07',
      hs: '2007',
      description:
        'Jams, fruit jellies, marmalades, purées and pastes: a change to heading 20.07 from any other chapter.',
      source: `${SOURCE} (Chapter 20)`,
      note: 'structure simplified: wording from the NAFTA-era rule, not confirmed against General Note 11.',
      alternatives: [{ tariffShift: { level: 'CC' } }],
    },
    {
      ref: 'USMCA-4B-2008.11',
      hs: '200811',
      description:
        'Prepared ground-nuts (peanuts): a change to subheading 2008.11 from any other chapter, except from heading 12.02.',
      source: `${SOURCE} (Chapter 20)`,
      note: 'structure simplified: wording from the NAFTA-era rule, not confirmed against General Note 11.',
      alternatives: [{ tariffShift: { level: 'CC', exceptFrom: ['1202'] } }],
    },
    // Apparel, chapters 61–62
    apparel(
      '6104',
      "Women's or girls' suits, ensembles, jackets, dresses, skirts and trousers, knitted",
      KNIT_APPAREL_EXCEPT,
    ),
    apparel('6109', 'T-shirts, singlets, tank tops and similar garments, knitted', KNIT_APPAREL_EXCEPT),
    apparel('6110', 'Sweaters, pullovers, sweatshirts, waistcoats and similar articles, knitted', KNIT_APPAREL_EXCEPT),
    apparel('6203', "Men's or boys' suits, ensembles, jackets, trousers and shorts, not knitted", WOVEN_APPAREL_EXCEPT),
    apparel(
      '6204',
      "Women's or girls' suits, ensembles, jackets, dresses, skirts and trousers, not knitted",
      WOVEN_APPAREL_EXCEPT,
    ),
    apparel('6205', "Men's or boys' shirts, not knitted", WOVEN_APPAREL_EXCEPT),
    // Furniture, chapter 94
    {
      ref: 'USMCA-4B-9401.61-9401.80',
      hs: '940161-940180',
      description:
        'Other seats (upholstered or not, with wooden or metal frames, and other seats): (A) a change to subheadings 9401.61 through 9401.80 from any other subheading, except from the parts subheadings 9401.91 through 9401.99; or (B) a change from those parts subheadings, provided there is a regional value content of not less than 60 % (transaction value) or 50 % (net cost).',
      source: `${SOURCE} (Chapter 94)`,
      note: 'structure simplified: alternative (B) "whether or not there is also a change from any other subheading" is modelled as a change of subheading plus RVC; subheading groups not confirmed.',
      alternatives: [
        { tariffShift: { level: 'CTSH', exceptFrom: ['940191-940199'] } },
        { tariffShift: { level: 'CTSH' }, rvc: { methods: ['TV', 'NC'], thresholdPct: { TV: '60', NC: '50' } } },
      ],
    },
    {
      ref: 'USMCA-4B-9403.30-9403.89',
      hs: '940330-940389',
      description:
        'Other furniture (office, kitchen, bedroom and other wooden furniture, furniture of plastics, bamboo, rattan and other materials): (A) a change to subheadings 9403.30 through 9403.89 from any other heading; or (B) a change from parts of subheadings 9403.91 through 9403.99, provided there is a regional value content of not less than 60 % (transaction value) or 50 % (net cost).',
      source: `${SOURCE} (Chapter 94)`,
      note: 'structure simplified: alternative (B) modelled as a change of subheading plus RVC; HS2022 subheading group (9403.82, 9403.83 new in HS2022) as transposed is not confirmed.',
      alternatives: [
        { tariffShift: { level: 'CTH' } },
        { tariffShift: { level: 'CTSH' }, rvc: { methods: ['TV', 'NC'], thresholdPct: { TV: '60', NC: '50' } } },
      ],
    },
    {
      ref: 'USMCA-4B-9404.21',
      hs: '940421',
      description: 'Mattresses of cellular rubber or plastics: a change to subheading 9404.21 from any other heading.',
      source: `${SOURCE} (Chapter 94)`,
      note: 'structure simplified: rule level (heading vs chapter change) not confirmed.',
      alternatives: [{ tariffShift: { level: 'CTH' } }],
    },
    // Electronics, chapter 85
    {
      ref: 'USMCA-4B-85.01',
      hs: '8501',
      description:
        'Electric motors and generators: (A) a change to heading 85.01 from any other heading, except from parts of heading 85.03; or (B) a change from heading 85.03, provided there is a regional value content of not less than 60 % (transaction value) or 50 % (net cost).',
      source: `${SOURCE} (Chapter 85)`,
      note: 'structure simplified: the legal rule is split by subheading and output; modelled as one heading-level rule.',
      alternatives: [
        { tariffShift: { level: 'CTH', exceptFrom: ['8503'] } },
        { tariffShift: { level: 'CTSH' }, rvc: { methods: ['TV', 'NC'], thresholdPct: { TV: '60', NC: '50' } } },
      ],
    },
    {
      ref: 'USMCA-4B-8504.40',
      hs: '850440',
      description:
        'Static converters (power supplies, chargers, inverters): a change to subheading 8504.40 from any other subheading.',
      source: `${SOURCE} (Chapter 85)`,
      note: 'structure simplified: tariff-item rules for power supplies of automatic data-processing machines and any exceptions are not modelled.',
      alternatives: [{ tariffShift: { level: 'CTSH' } }],
    },
    {
      ref: 'USMCA-4B-8517.11-8517.69',
      hs: '851711-851769',
      description:
        'Telephone sets (including smartphones) and other apparatus for the transmission or reception of voice, images or data: a change to subheadings 8517.11 through 8517.69 from any other subheading.',
      source: `${SOURCE} (Chapter 85)`,
      note: 'structure simplified: level and grouping of the information-technology rules are from memory, not confirmed.',
      alternatives: [{ tariffShift: { level: 'CTSH' } }],
    },
    {
      ref: 'USMCA-4B-8544.11-8544.60',
      hs: '854411-854460',
      description:
        'Insulated wire, cable and other insulated electric conductors: a change to subheadings 8544.11 through 8544.60 from any other heading, except from headings 74.08, 74.13, 76.05 or 76.14.',
      source: `${SOURCE} (Chapter 85)`,
      note: 'structure simplified: exception list from memory of the NAFTA-era rule, not confirmed.',
      alternatives: [{ tariffShift: { level: 'CTH', exceptFrom: ['7408', '7413', '7605', '7614'] } }],
    },
    {
      ref: 'USMCA-4B-8544.70',
      hs: '854470',
      description:
        'Optical fibre cables: a change to subheading 8544.70 from any other subheading, except from heading 90.01.',
      source: `${SOURCE} (Chapter 85)`,
      note: 'structure simplified: wording from memory, not confirmed.',
      alternatives: [{ tariffShift: { level: 'CTSH', exceptFrom: ['9001'] } }],
    },
    // Automotive goods, chapters 84 and 87
    {
      ref: 'USMCA-4B-App-8703',
      hs: '8703',
      description:
        'Passenger vehicles: regional value content of not less than 66 % (from 2020-07-01), 69 % (2021-07-01), 72 % (2022-07-01) and 75 % (from 2023-07-01) under the net cost method.',
      source: `${AUTO_SOURCE}, Art. 3`,
      note: VEHICLE_NOTE,
      alternatives: [{ rvc: { methods: ['NC'], thresholdPct: VEHICLE_NC } }],
    },
    {
      ref: 'USMCA-4B-App-8704.21',
      hs: '870421',
      description:
        'Light trucks (diesel, g.v.w. ≤ 5 t): regional value content of not less than 66/69/72/75 % under the net cost method, stepping up each 1 July from 2020 to 2023.',
      source: `${AUTO_SOURCE}, Art. 3`,
      note: VEHICLE_NOTE,
      alternatives: [{ rvc: { methods: ['NC'], thresholdPct: VEHICLE_NC } }],
    },
    {
      ref: 'USMCA-4B-App-8704.31',
      hs: '870431',
      description:
        'Light trucks (spark-ignition, g.v.w. ≤ 5 t): regional value content of not less than 66/69/72/75 % under the net cost method, stepping up each 1 July from 2020 to 2023.',
      source: `${AUTO_SOURCE}, Art. 3`,
      note: VEHICLE_NOTE,
      alternatives: [{ rvc: { methods: ['NC'], thresholdPct: VEHICLE_NC } }],
    },
    {
      ref: 'USMCA-4B-App-8704.22-8704.23',
      hs: '870422-870423',
      description:
        'Heavy trucks (diesel, g.v.w. > 5 t): regional value content of not less than 60 % under the net cost method, 64 % from 2024-07-01 and 70 % from 2027-07-01.',
      source: `${AUTO_SOURCE}, Art. 4`,
      note: VEHICLE_NOTE,
      alternatives: [{ rvc: { methods: ['NC'], thresholdPct: HEAVY_TRUCK_NC } }],
    },
    {
      ref: 'USMCA-4B-App-8701.21-8701.29',
      hs: '870121-870129',
      description:
        'Road tractors for semi-trailers: regional value content of not less than 60 % under the net cost method, 64 % from 2024-07-01 and 70 % from 2027-07-01.',
      source: `${AUTO_SOURCE}, Art. 4`,
      note: VEHICLE_NOTE,
      alternatives: [{ rvc: { methods: ['NC'], thresholdPct: HEAVY_TRUCK_NC } }],
    },
    corePart('840734', 'Spark-ignition reciprocating engines of a cylinder capacity over 1,000 cc'),
    corePart('870829', 'Body parts (stampings) of motor vehicles'),
    corePart('870840', 'Gear boxes (transmissions) and parts thereof'),
    corePart('870850', 'Drive axles with differential and non-driving axles'),
    corePart('870880', 'Suspension systems (including shock absorbers)'),
    corePart('870894', 'Steering wheels, steering columns and steering boxes'),
    principalPart('870830', 'Brakes and servo-brakes'),
    principalPart('870870', 'Road wheels and parts and accessories thereof'),
  ],
};
