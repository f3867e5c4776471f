import type { ErrorCode } from '../errors/codes.ts';

/** Free trade agreements whose product-specific rules the engine evaluates. `NAFTA` is the legacy agreement (entries before 2020-07-01). */
export type Agreement = 'USMCA' | 'CAFTA_DR' | 'NAFTA';

/** Harmonized System edition the HS codes of a rule set (and of the goods evaluated with it) are written in. */
export type HsEdition = 'HS2022';

/** Tariff-shift level: change of chapter (2 digits), heading (4) or subheading (6). */
export type TariffShiftLevel = 'CC' | 'CTH' | 'CTSH';

/**
 * Regional value content method. USMCA and NAFTA: `TV` transaction value, `NC` net cost.
 * CAFTA-DR: `BUILD_DOWN` ((AV − VNM) / AV) and `BUILD_UP` (VOM / AV).
 */
export type RvcMethod = 'TV' | 'NC' | 'BUILD_DOWN' | 'BUILD_UP';

/** What the de minimis share is measured on: value of the good, or weight of the component that determines its classification (textiles). */
export type DeMinimisBasis = 'VALUE' | 'WEIGHT';

/**
 * An RVC threshold in force for a period of importation dates (RO-05): `from` and `to` are ISO
 * calendar dates, both inclusive; no `to` means still in force. `method` limits the entry to one
 * method (core parts: 66 % net cost or 76 % transaction value); without it the entry applies to every
 * method of the requirement.
 */
export type DatedThreshold = { from: string; to?: string; pct: string; method?: RvcMethod };

/**
 * The tariff-shift test every non-originating material must pass. `exceptFrom` lists chapters (2
 * digits), headings (4) or subheadings (6), or ranges of them of one length (`"5106-5113"`), from
 * which the change is not allowed.
 */
export type TariffShift = { level: TariffShiftLevel; exceptFrom?: string[] };

/**
 * An RVC requirement: any one of `methods` may be used (the claimant chooses; the engine reports
 * each and the requirement is met when one meets its threshold). `thresholdPct` is one percentage for
 * every method (`"60"`), one per method (`{ TV: "60", NC: "50" }`) or a list of dated thresholds.
 */
export type RvcRequirement = {
  methods: RvcMethod[];
  thresholdPct: string | Partial<Record<RvcMethod, string>> | DatedThreshold[];
};

/** One alternative of a product-specific rule: a conjunction of the tests it names (at least one). */
export type Alternative = {
  tariffShift?: TariffShift;
  rvc?: RvcRequirement;
  /**
   * Basis of the de minimis share for the tariff shift, default `VALUE`. A textile or apparel good
   * (HS chapters 50–63) is always measured by weight, whatever the rule says.
   */
  deMinimisBasis?: DeMinimisBasis;
};

/**
 * A product-specific rule of origin (PSR): a disjunction of alternatives, applying to an HS chapter,
 * heading or subheading, or a range of them (`"940161-940180"`). When several rules cover a good the
 * most specific (longest code) wins.
 */
export type ProductRule = {
  /** Stable reference of the rule, e.g. `"USMCA-4B-19.05"`. */
  ref: string;
  /** Chapter (2 digits), heading (4), subheading (6), or a range of one length (`"8708-8709"`). */
  hs: string;
  /** The rule in words, paraphrasing the legal text. */
  description: string;
  alternatives: Alternative[];
  /** Where the rule comes from (annex, general note); defaults to the rule set's `source`. */
  source?: string;
  /** Caveats, e.g. parts of the legal rule that are not modelled. */
  note?: string;
};

/**
 * De minimis limits overriding the agreement defaults: by value (USMCA 10 %, CAFTA-DR 10 %, NAFTA 7 %),
 * by weight (10 %, 10 %, 7 %) and, within the weight, for elastomeric content (USMCA 7 %; CAFTA-DR 0 %:
 * elastomeric yarns must be formed in a Party; NAFTA 7 %).
 */
export type DeMinimisThresholds = { deMinimisPct?: string; deMinimisWeightPct?: string; elastomericWeightPct?: string };

/**
 * A case in which de minimis cannot be used (USMCA Annex 4-A, CAFTA-DR Art. 4.6.2): a non-originating
 * material of `materials` (any material when absent; only one of the good's own subheading when
 * `sameSubheading`) that does not make the tariff shift, used in a good of `goods`, makes the shift
 * test fail whatever its share.
 */
export type DeMinimisExclusion = {
  /** Stable reference, e.g. `"USMCA-4A(a)"`. */
  ref: string;
  /** Chapters, headings or subheadings of the good (or ranges of one length). */
  goods: string[];
  /** Chapters, headings or subheadings of the material (or ranges); absent: any material. */
  materials?: string[];
  /** Only a material classified in the same subheading as the good. */
  sameSubheading?: boolean;
  /** The exclusion in words, paraphrasing the legal text. */
  description: string;
  /** Where it comes from (article, annex, paragraph). */
  source: string;
  /** Caveats, e.g. a condition (milk solids content) the HS subheading alone cannot show. */
  note?: string;
};

/** Product-specific rules of one agreement, as data. Check external files with `loadRuleSet`. */
export type RuleSet = {
  agreement: Agreement;
  hsEdition: HsEdition;
  source: string;
  /** Importation dates the rule set covers (inclusive); none means any date. */
  inForce?: { from: string; to?: string };
  rules: ProductRule[];
  thresholds?: DeMinimisThresholds;
  /**
   * Further de minimis exclusions; they add to the agreement's own (`deMinimisExclusionsByAgreement`),
   * which always apply.
   */
  deMinimisExclusions?: DeMinimisExclusion[];
};

/** A problem found in a rule set or in the input of an evaluation: a JSON pointer and a message. */
export type OriginProblem = { code: ErrorCode; path: string; message: string };

/** A decimal given as a plain decimal string (`"3500.75"`) or a safe integer. */
export type DecimalInput = string | number;

/**
 * Evidence that a material is originating (RO-04), as the bill of materials names it. A supplier
 * credential counts only through the {@link AccumulationEvidence} its verifier produced for that
 * hash (the bill of materials cannot say it was verified).
 */
export type MaterialEvidence =
  | {
      /** The supplier's certification of origin, or origin qualification, on the ledger (accumulation). */
      kind: 'SUPPLIER_CERTIFICATION';
      /** Ledger hash of the supplier's credential (64 lower-case hex digits). */
      credentialHash: string;
    }
  | { kind: 'WHOLLY_OBTAINED' };

/** The credential types a supplier's evidence of origin may be. */
export type AccumulationCredentialType =
  | 'OriginQualificationCredential'
  | 'USMCACertificationOfOrigin'
  | 'CAFTADRCertificationOfOrigin'
  | 'NAFTACertificateOfOrigin';

/**
 * What the caller's verifier found for a supplier credential a material names (see
 * `verifyAccumulationEvidence`): the verdict of `verifyCredential` (signature, issuer, anchor,
 * status, validity, domain) and, from the credential itself, its agreement and the HS subheadings it
 * states as originating. The engine counts a material as originating by accumulation only when the
 * verdict is VALID, the agreement is the rule set's and the subheadings include the material's.
 */
export type AccumulationEvidence = {
  /** Ledger hash of the credential (64 lower-case hex digits), as computed by the verifier. */
  credentialHash: string;
  /** `NOT_FOUND` when the verifier could not obtain the credential. */
  verdict: 'VALID' | 'INVALID' | 'INCONCLUSIVE' | 'NOT_FOUND';
  /** Why the verdict is not VALID: the first check that is not, in words. */
  reason?: string;
  issuer?: string;
  credentialType?: AccumulationCredentialType;
  agreement?: Agreement;
  /** HS subheadings (6 digits) the credential states as originating. */
  coveredHs6: string[];
};

/** A material in the bill of materials. */
export type OriginMaterial = {
  id: string;
  description?: string;
  /** HS subheading (6 digits, rule set edition). */
  hs6: string;
  /** Value of the material (in the currency of the good's values). */
  value: DecimalInput;
  /** Weight in grams, needed when the de minimis basis is weight (textiles). */
  weightGrams?: DecimalInput;
  /** Elastomeric yarn or content (textile de minimis limits it separately). */
  elastomeric?: boolean;
  /** The claimant's statement; it counts only with evidence (RO-04). */
  originating: boolean;
  evidence?: MaterialEvidence;
};

/** The good whose origin is evaluated. */
export type OriginGood = {
  /** HS subheading (6 digits, rule set edition). */
  hs6: string;
  description?: string;
  /** Transaction value (USMCA/NAFTA TV method; the de minimis base), adjusted to exclude international shipping. */
  transactionValue?: DecimalInput;
  /** Net cost (USMCA/NAFTA NC method). */
  netCost?: DecimalInput;
  /** Adjusted value (CAFTA-DR build-down and build-up; de minimis base). */
  adjustedValue?: DecimalInput;
  /**
   * Total cost (USMCA/NAFTA): the de minimis base when the net cost method is used or there is no
   * transaction value (Art. 4.12.1); never less than the net cost.
   */
  totalCost?: DecimalInput;
  /**
   * Weight in grams of the component that determines the classification: the de minimis base of a
   * textile or apparel good, i.e. a good of HS chapters 50–63 (USMCA Art. 6.1.2; CAFTA-DR Art. 3.25).
   */
  weightGrams?: DecimalInput;
};

/** Input of `evaluateOrigin`. */
export type EvaluateOriginInput = {
  good: OriginGood;
  materials: OriginMaterial[];
  /** Date of importation (ISO calendar date), which selects dated thresholds (RO-05). */
  importDate: string;
  /** HS edition of the codes given; must equal the rule set's (RO-01). Default: the rule set's. */
  hsEdition?: HsEdition;
  /**
   * RVC methods the claimant relies on. When given, only these are computed and a value one of them
   * needs is a required input. When absent, every method of the rule is computed from the values given.
   */
  rvcMethods?: RvcMethod[];
};
