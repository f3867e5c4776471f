// `clearledger qualify`: a product against the rules of origin, on this machine only. The bill of
// materials never leaves it; what a qualification record would carry is its salted commitment.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AccumulationEvidence,
  type Agreement,
  type AlternativeOutcome,
  accumulationCredentialHashes,
  type BillOfMaterials,
  BOM_COMMITMENT_MIN_SALT_BYTES,
  bomCommitment,
  ClearledgerError,
  type CompiledRuleSet,
  caftaDrRules,
  compileRuleSet,
  credentialHash,
  evaluateOrigin,
  findProductRule,
  isClearledgerError,
  type LedgerView,
  loadRuleSet,
  nobleCrypto,
  type OriginEvaluation,
  type OriginProblem,
  type RuleSet,
  type RvcMethod,
  usmcaRules,
  verifyAccumulationEvidence,
  verifyCredential,
} from '@clearledger/core';
import { exitCodes } from '../../exitCodeByCode.ts';
import { readJsonFile } from '../../io.ts';
import type { Output } from '../../output.ts';
import { itemOf, readVerifyInput, type VerifyItem } from '../verifyMany.ts';

export const qualifyHelp = `Usage: clearledger qualify <bom.json> [--agreement USMCA|CAFTA_DR] [--rules <rules.json>] [--evidence <file>]... [--salt <base64url>]

Evaluates a product against the rules of origin on this machine: nothing is sent anywhere, and no
node or data folder is needed. Prints PASS or FAIL for each alternative of the product-specific rule
with the exact numbers — regional value content per method against the threshold in force on the
import date (the exact fraction too), the de minimis share against its limit, and each material
that does not make the tariff shift and why — then the salted commitment of the bill of materials.

The bill of materials (JSON):
  {
    "good": { "hs6": "940360", "description": "…", "transactionValue": "10000", "netCost": "8000" },
    "materials": [
      { "id": "parts", "hs6": "940391", "value": "3500", "originating": false },
      { "id": "oak", "hs6": "440791", "value": "2000", "originating": true,
        "evidence": { "kind": "WHOLLY_OBTAINED" } }
    ],
    "importDate": "2025-06-10"
  }
  Amounts are decimal strings (or whole numbers) in one currency. USMCA uses transactionValue,
  netCost and totalCost (the de minimis base is the transaction value, or the total cost when only
  the net cost method is used — never the net cost), CAFTA-DR adjustedValue. A good of HS chapters
  50–63 is a textile: its de minimis is by weight (weightGrams of the good's classifying component
  and of each material, elastomeric). A material counts as originating only with evidence:
  WHOLLY_OBTAINED, or SUPPLIER_CERTIFICATION with the credentialHash of the supplier's certification
  of origin (or origin qualification), which this command finds and verifies itself (see
  --evidence); it counts when VALID, of the same agreement and listing the material's subheading.
  Optional: "agreement" (as --agreement), "rvcMethods" (e.g. ["NC"]), "hsEdition" ("HS2022").

The commitment is sha256 of the JCS of {"bom": {good, materials, importDate}, "salt": <salt>} with a
fresh random salt of 32 bytes (or --salt): keep the bill of materials and the salt together; a
qualification record carries the commitment only, and revealing both later proves what it rested on.

Options:
  --agreement <name>   USMCA (default) or CAFTA_DR: the built-in product-specific rules to use
                       (32 USMCA, 12 CAFTA-DR rules; HS 2022)
  --rules <file>       an extra rule file { agreement, hsEdition, source, rules, inForce?, thresholds? }
                       checked first (its problems are listed with their JSON paths); a good it has a
                       rule for is evaluated under it, others under the built-in rules of its agreement
  --evidence <file>    supplier credentials the materials name (a credential, an envelope
                       {credential, anchor}, a JSON array or NDJSON, as clearledger export and issue
                       --out write them); may be repeated. Credentials are also looked up in this
                       machine's node (--data-dir, default ./data when it exists). Each is verified
                       like clearledger verify does — signature, issuer, anchor, status, validity —
                       against that node's ledger; without a node the verdict is INCONCLUSIVE and
                       the material counts as non-originating (the reason is printed)
  --data-dir <path>    the node whose ledger verifies supplier credentials
  --salt <base64url>   reuse this salt (at least ${BOM_COMMITMENT_MIN_SALT_BYTES} bytes) to recompute a commitment
  --json               print {result, ruleSet, evaluation, accumulationEvidence, commitment} as JSON
  -h, --help           show this help

Exit codes: 0 PASS, 1 FAIL, 2 bad input (each problem with its JSON path, e.g. /materials/0/value).
`;

const builtIn: Partial<Record<Agreement, RuleSet>> = { USMCA: usmcaRules, CAFTA_DR: caftaDrRules };
const METHOD_NAMES: Record<RvcMethod, string> = {
  TV: 'transaction value',
  NC: 'net cost',
  BUILD_DOWN: 'build-down',
  BUILD_UP: 'build-up',
};
const LEVEL_WORD = { CC: 'chapter', CTH: 'heading', CTSH: 'subheading' } as const;

/** Thrown for input with problems: printed with their paths, exit 2. */
class ProblemsError extends Error {
  constructor(
    readonly title: string,
    readonly problems: readonly OriginProblem[],
  ) {
    super(title);
  }
}

function parseAgreement(text: unknown, field: string): Agreement {
  const value = typeof text === 'string' ? text.toUpperCase().replace('-', '_') : text;
  if (value !== 'USMCA' && value !== 'CAFTA_DR' && value !== 'NAFTA')
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `${field} must be USMCA or CAFTA_DR (NAFTA only with its rules, --rules).`,
      { field },
    );
  return value;
}

function parseSalt(text: string | undefined): Uint8Array {
  if (text === undefined) return randomBytes(32);
  const bytes = Buffer.from(text, 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(text) || bytes.toString('base64url') !== text)
    throw new ClearledgerError('CL_INPUT_INVALID', '--salt must be base64url (no padding), as qualify printed it.', {
      field: '--salt',
    });
  if (bytes.length < BOM_COMMITMENT_MIN_SALT_BYTES)
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `--salt must be at least ${BOM_COMMITMENT_MIN_SALT_BYTES} bytes (the printed salt is 32).`,
      { field: '--salt' },
    );
  return new Uint8Array(bytes);
}

/** The rule set a good is evaluated under: the rule file's when it has a rule for it, else the built-in one. */
function chooseRuleSet(
  agreement: Agreement,
  extra: { file: string; compiled: CompiledRuleSet } | undefined,
  hs6: unknown,
): { compiled: CompiledRuleSet; from: 'rule file' | 'built-in'; file?: string } {
  const fallback = builtIn[agreement];
  if (
    extra !== undefined &&
    (fallback === undefined || (typeof hs6 === 'string' && findProductRule(extra.compiled, hs6)))
  )
    return { compiled: extra.compiled, from: 'rule file', file: extra.file };
  if (fallback === undefined)
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `There are no built-in ${agreement} rules: give them with --rules <file>.`,
      { field: '--agreement' },
    );
  return { compiled: compileRuleSet(fallback), from: 'built-in' };
}

/** Where supplier credentials are looked up and the ledger that verifies them. */
export type SupplierLedger = {
  /** The ledger view of this machine's node; undefined: verification offline (never VALID). */
  ledger: LedgerView | undefined;
  /** A credential this machine's node holds, by ledger hash. */
  find?: (hash: string) => Promise<VerifyItem | null>;
};

/** Arguments of {@link qualifyCommand}. */
export type QualifyArgs = {
  file: string;
  agreement?: string;
  rules?: string;
  salt?: string;
  /** Files of supplier credentials (--evidence). */
  evidence?: string[];
  /** The node whose ledger verifies supplier credentials (--data-dir). */
  dataDir?: string;
};

/**
 * Finds and verifies the supplier credentials a bill of materials names: in `items` (the --evidence
 * files, matched by their ledger hash) or else in this machine's node, each verified with the node's
 * `verifyCredential` against `source.ledger` as of `now`.
 */
export async function supplierEvidence(
  bom: unknown,
  items: readonly VerifyItem[],
  source: SupplierLedger,
  now: string,
): Promise<AccumulationEvidence[]> {
  const byHash = new Map<string, VerifyItem>();
  for (const item of items) {
    try {
      byHash.set(credentialHash(nobleCrypto, item.credential), item);
    } catch {
      // Not a credential JSON can hash: it cannot be the one a material names.
    }
  }
  return verifyAccumulationEvidence(
    {
      find: async (hash) => byHash.get(hash) ?? (source.find === undefined ? null : await source.find(hash)),
      verify: (credential, anchor) =>
        verifyCredential(
          { crypto: nobleCrypto, now, ...(source.ledger === undefined ? {} : { ledger: source.ledger }) },
          { credential, ...(anchor === undefined ? {} : { anchor }) },
        ),
    },
    bom,
  );
}

/** Runs `fn` with this machine's node (its ledger and records) when it has one, else offline. */
async function withLocalLedger<T>(dataDir: string | undefined, fn: (source: SupplierLedger) => Promise<T>): Promise<T> {
  const { openNode, readNodeConfig } = await import('@clearledger/node');
  const { storeLedgerView } = await import('@clearledger/core');
  // An empty CLEARLEDGER_DATA_DIR means unset (./data), never the current folder itself.
  const { CLEARLEDGER_DATA_DIR: dataDirEnv, ...otherEnv } = process.env;
  const config = readNodeConfig(
    dataDirEnv === '' ? otherEnv : process.env,
    process.cwd(),
    dataDir === undefined ? {} : { dataDir },
  );
  const hasNode = config.databaseUrl !== undefined || existsSync(join(config.dataDir, 'clearledger.sqlite'));
  if (!hasNode) return fn({ ledger: undefined });
  const node = await openNode(config, () => new Date().toISOString(), { ledger: true });
  try {
    return await fn({
      ledger: node.ledger?.view ?? storeLedgerView(node.store),
      find: async (hash) => {
        const row = await node.store.getCredentialByHash(node.operatorOrgId, hash).catch((error: unknown) => {
          if (isClearledgerError(error) && error.code === 'CL_STORE_NOT_FOUND') return null;
          throw error;
        });
        return row === null ? null : { credential: JSON.parse(row.document) as unknown };
      },
    });
  } finally {
    await node.close();
  }
}

/** `clearledger qualify <bom.json>`. */
export async function qualifyCommand(args: QualifyArgs, out: Output): Promise<number> {
  try {
    return await qualify(args, out);
  } catch (error) {
    if (!(error instanceof ProblemsError)) throw error;
    const code = error.problems[0]?.code ?? 'CL_INPUT_INVALID';
    if (out.json) {
      process.stdout.write(
        JSON.stringify({ error: { code, message: error.title, problems: error.problems } }, null, 2) + '\n',
      );
    } else {
      process.stderr.write(`${code}: ${error.title}\n`);
      for (const p of error.problems) process.stderr.write(`  ${p.path || '/'}: ${p.message} [${p.code}]\n`);
    }
    return exitCodes.usage;
  }
}

async function qualify(args: QualifyArgs, out: Output): Promise<number> {
  const salt = parseSalt(args.salt);
  const input = readJsonFile(args.file);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ProblemsError(`${args.file} is not a bill of materials.`, [
      { code: 'CL_INPUT_INVALID', path: '', message: 'must be an object { good, materials, importDate }' },
    ]);
  const bom = input as Record<string, unknown>;
  const evidenceItems: VerifyItem[] = [];
  for (const file of args.evidence ?? []) {
    const read = readVerifyInput(file);
    if (read.kind === 'many') evidenceItems.push(...read.items);
    else evidenceItems.push(itemOf(read.value));
  }

  let extra: { file: string; compiled: CompiledRuleSet } | undefined;
  if (args.rules !== undefined) {
    const loaded = loadRuleSet(readJsonFile(args.rules));
    if (!loaded.success)
      throw new ProblemsError(`The rule file ${args.rules} has ${loaded.problems.length} problem(s).`, loaded.problems);
    extra = { file: args.rules, compiled: compileRuleSet(loaded.data) };
  }
  const agreement =
    args.agreement !== undefined
      ? parseAgreement(args.agreement, '--agreement')
      : bom.agreement !== undefined
        ? parseAgreement(bom.agreement, `${args.file}: agreement`)
        : (extra?.compiled.ruleSet.agreement ?? 'USMCA');
  if (extra !== undefined && extra.compiled.ruleSet.agreement !== agreement)
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `The rule file ${args.rules} holds ${extra.compiled.ruleSet.agreement} rules, but the product is evaluated under ${agreement}.`,
      { field: '--rules' },
    );
  const ruleSet = chooseRuleSet(agreement, extra, (bom.good as { hs6?: unknown } | undefined)?.hs6);
  // Supplier credentials are verified here, by this machine, never taken on the bill of materials' word.
  const accumulationEvidence =
    accumulationCredentialHashes(bom).length === 0
      ? []
      : await withLocalLedger(args.dataDir, (source) =>
          supplierEvidence(bom, evidenceItems, source, new Date().toISOString()),
        );
  const result = evaluateOrigin(ruleSet.compiled, bom as never, { accumulationEvidence });
  if (!result.success)
    throw new ProblemsError(
      `The bill of materials ${args.file} has ${result.problems.length} problem(s).`,
      result.problems,
    );
  const evaluation = result.data;
  const committed: BillOfMaterials = {
    good: bom.good as BillOfMaterials['good'],
    materials: bom.materials as BillOfMaterials['materials'],
    importDate: bom.importDate as string,
  };
  const commitment = {
    bomCommitment: bomCommitment(nobleCrypto, committed, salt),
    salt: Buffer.from(salt).toString('base64url'),
    committedTo: 'JCS of {"bom": {good, materials, importDate}, "salt": salt}',
  };
  const source = {
    from: ruleSet.from,
    source: ruleSet.compiled.ruleSet.source,
    ...(ruleSet.file === undefined ? {} : { file: ruleSet.file }),
  };
  if (out.json) {
    process.stdout.write(
      JSON.stringify(
        { result: evaluation.result, ruleSet: source, evaluation, accumulationEvidence, commitment },
        null,
        2,
      ) + '\n',
    );
  } else {
    const lines = evaluationText(evaluation, source);
    for (const e of accumulationEvidence) lines.push(...evidenceText(e));
    lines.push(
      `bill of materials commitment ${commitment.bomCommitment}`,
      `  salt ${commitment.salt}`,
      `  keep the salt with ${args.file}: together they reproduce the commitment (--salt); a qualification record carries the commitment only`,
    );
    process.stdout.write(lines.join('\n') + '\n');
  }
  return evaluation.result === 'PASS' ? exitCodes.ok : exitCodes.invalid;
}

function evidenceText(e: AccumulationEvidence): string[] {
  const what = e.credentialType === undefined ? 'supplier credential' : e.credentialType;
  const lines = [
    `  evidence ${e.credentialHash.slice(0, 12)}…  ${e.verdict}  ${what}${e.issuer === undefined ? '' : ` from ${e.issuer}`}${e.agreement === undefined ? '' : ` (${e.agreement})`}`,
  ];
  if (e.coveredHs6.length > 0) lines.push(`    originating goods: ${e.coveredHs6.map(hsText).join(', ')}`);
  if (e.reason !== undefined) lines.push(`    ${e.reason}`);
  if (e.verdict === 'NOT_FOUND')
    lines.push('    give the supplier credential with --evidence <file>, or qualify on the node that holds it');
  return lines;
}

const hsText = (hs6: string) => `${hs6.slice(0, 4)}.${hs6.slice(4)}`;

function evaluationText(e: OriginEvaluation, source: { from: string; source: string; file?: string }): string[] {
  const lines = [
    `${e.result}  ${hsText(e.good.hs6)}${e.good.description === undefined ? '' : ` ${e.good.description}`} — ${e.agreement}, imported ${e.importDate}`,
    `  rule ${e.rule.ref} (HS ${e.rule.hs}): ${e.rule.description}`,
    `    ${e.rule.source}${source.from === 'rule file' ? ` (from ${source.file})` : ''}`,
  ];
  if (e.rule.note !== undefined) lines.push(`    note: ${e.rule.note}`);
  if (e.textile)
    lines.push(
      `  textile or apparel good (HS chapter ${e.good.hs6.slice(0, 2)}): de minimis by weight of the component that determines classification`,
    );
  for (const alternative of e.alternatives) lines.push(...alternativeText(alternative));
  const d = e.criterionD;
  if (d !== undefined) {
    lines.push(`  criterion D  ${d.result}`);
    for (const reason of d.reasons) lines.push(`    ${reason}`);
  }
  const { vnm, vom, nonOriginatingCount, originatingCount } = e.totals;
  lines.push(
    `  VNM ${vnm}  VOM ${vom}  (${nonOriginatingCount} non-originating, ${originatingCount} originating material(s))`,
  );
  for (const n of e.notes) lines.push(`  material ${n.materialId}: ${n.message}`);
  if (e.result === 'PASS') {
    const criterion =
      e.criterion === 'WHOLLY_OBTAINED'
        ? 'every material is wholly obtained or produced'
        : e.criterion === 'ORIGINATING_MATERIALS_ONLY'
          ? 'every material is originating'
          : e.criterion === 'PARTS_SAME_SUBHEADING_RVC'
            ? 'a non-originating part is classified with the good and the RVC of criterion D is met'
            : `alternative ${(e.passedBy ?? 0) + 1} of the product-specific rule is met`;
    lines.push(
      `  qualifies: ${criterion}${e.originCriterion === undefined ? '' : ` (criterion ${e.originCriterion})`}${e.accumulation ? ', with accumulation' : ''}`,
    );
  } else lines.push('  does not qualify: no alternative of the rule is met');
  return lines;
}

function alternativeText(a: AlternativeOutcome): string[] {
  const lines = [`  alternative ${a.index + 1}  ${a.result}`];
  const shift = a.tariffShift;
  if (shift !== undefined) {
    const except = shift.exceptFrom === undefined ? '' : `, except from ${shift.exceptFrom.join(', ')}`;
    lines.push(
      `    tariff shift, change of ${LEVEL_WORD[shift.level]}${except}: ${shift.satisfied ? 'met' : 'not met'}` +
        (shift.failing.length === 0 ? ', every non-originating material shifts' : ''),
    );
    for (const f of shift.failing)
      lines.push(`      ✘ ${f.materialId}  ${hsText(f.hs6)}  value ${f.value}: ${f.reason}`);
    const dm = shift.deMinimis;
    if (dm !== undefined) {
      const basis = dm.basis === 'VALUE' ? 'by value' : 'by weight';
      lines.push(
        dm.pct === undefined || dm.base === undefined
          ? `      de minimis ${basis}: not assessed (${dm.basis === 'VALUE' ? 'the value of the good is not given' : 'a weight is missing'}), limit ${dm.limitPct} %`
          : `      de minimis ${basis}: ${dm.failingValue} of ${dm.base} = ${dm.pct} % ${dm.within ? '≤' : '>'} ${dm.limitPct} %: ${dm.within ? 'within' : 'exceeded'}`,
      );
      if (dm.elastomeric !== undefined) {
        const el = dm.elastomeric;
        lines.push(
          `      elastomeric ${el.weight} = ${el.pct} % ${el.within ? '≤' : '>'} ${el.limitPct} %: ${el.within ? 'within' : 'exceeded'}`,
        );
      }
    }
  }
  const rvc = a.rvc;
  if (rvc !== undefined) {
    if (rvc.methods.length === 0) lines.push('    RVC: none of the chosen methods is allowed by this alternative');
    for (const m of rvc.methods) {
      const name = `RVC ${m.method} (${METHOD_NAMES[m.method]})`;
      const exact = m.exact === undefined ? '' : `  [100 × ${m.exact.numerator} / ${m.exact.denominator}]`;
      if (m.pct === undefined) lines.push(`    ${name}: not computed, ${m.reason ?? 'a value is missing'}`);
      else if (m.thresholdPct === undefined)
        lines.push(`    ${name} ${m.pct} %: ${m.reason ?? 'no threshold'}${exact}`);
      else
        lines.push(
          `    ${name} ${m.pct} % ${m.pass ? '≥' : '<'} ${m.thresholdPct} %: ${m.pass ? 'met' : 'not met'}${exact}`,
        );
    }
  }
  return lines;
}
