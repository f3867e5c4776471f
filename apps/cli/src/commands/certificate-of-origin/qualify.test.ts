// `clearledger qualify` as a program: a product against the rules of origin on this machine only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  type BillOfMaterials,
  bomCommitment,
  evaluateOrigin,
  nobleCrypto,
  snapshotLedgerView,
  usmcaRules,
} from '@clearledger/core';
import { anchoredUsmcaRecord } from '../../../../../test/fixtures/anchoredUsmcaRecord.ts';
import { cli as runCli } from '../../../../../test/helpers/programs.ts';
import { supplierEvidence } from './qualify.ts';

const dir = mkdtempSync(join(tmpdir(), 'clearledger-qualify-'));
const file = (name: string) => join(dir, name);
/** Nothing that would pick a node, a token or a data folder. */
const env = {
  CLEARLEDGER_CONFIG: file('config.json'),
  XDG_CONFIG_HOME: file('xdg'),
  CLEARLEDGER_NODE_URL: '',
  CLEARLEDGER_TOKEN: '',
  CLEARLEDGER_DATA_DIR: '',
};
const cli = (...args: string[]) => runCli(env, ...args);
const show = (r: { code: number | null; stdout: string; stderr: string }) =>
  `exit ${r.code}\n${r.stdout.slice(0, 3000)}\n${r.stderr.slice(0, 2000)}`;

/** Domain.md E-RO-2: wooden furniture 9403.60, TV 10,000, NC 8,000, non-originating parts of 9403.91. */
function furniture(partsValue: string): BillOfMaterials & { importDate: string } {
  return {
    good: { hs6: '940360', description: 'Wooden bedroom furniture', transactionValue: '10000', netCost: '8000' },
    materials: [
      { id: 'parts', hs6: '940391', value: partsValue, originating: false },
      {
        id: 'lumber',
        hs6: '440711',
        value: '2000',
        originating: true,
        evidence: { kind: 'WHOLLY_OBTAINED' },
      },
    ],
    importDate: '2024-03-01',
  };
}

describe('clearledger qualify <bom.json>', { timeout: 120_000 }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(file('pass.json'), JSON.stringify(furniture('3500')));
  writeFileSync(file('fail.json'), JSON.stringify(furniture('4200')));

  it('--help describes the input, the commitment and the exit codes', () => {
    const r = cli('qualify', '--help');
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^Usage: clearledger qualify <bom\.json>/);
    assert.match(r.stdout, /--agreement <name>[\s\S]*--rules <file>[\s\S]*0 PASS, 1 FAIL, 2 bad input/);
    assert.match(cli('--help').stdout, /qualify <bom\.json>/);
  });

  it('E-RO-2 VNM 3,500: PASS under the second alternative with RVC 65.00 % (TV) and 56.25 % (NC), exit 0', () => {
    const r = cli('qualify', file('pass.json'));
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^PASS {2}9403\.60 Wooden bedroom furniture — USMCA, imported 2024-03-01/);
    assert.match(r.stdout, /rule USMCA-4B-9403\.30-9403\.89/);
    assert.match(r.stdout, /alternative 1 {2}FAIL\n {4}tariff shift, change of heading: not met/);
    assert.match(r.stdout, /✘ parts {2}9403\.91 {2}value 3500: non-originating heading 94\.03 does not change heading/);
    assert.match(r.stdout, /de minimis by value: 3500 of 10000 = 35\.00 % > 10 %: exceeded/);
    assert.match(r.stdout, /alternative 2 {2}PASS/);
    assert.match(r.stdout, /RVC TV \(transaction value\) 65\.00 % ≥ 60 %: met {2}\[100 × 6500 \/ 10000\]/);
    assert.match(r.stdout, /RVC NC \(net cost\) 56\.25 % ≥ 50 %: met {2}\[100 × 4500 \/ 8000\]/);
    assert.match(r.stdout, /qualifies: alternative 2 of the product-specific rule is met \(criterion B\)/);
    assert.match(r.stdout, /bill of materials commitment sha256:[0-9a-f]{64}\n {2}salt [A-Za-z0-9_-]{43}\n/);
  });

  it('--json: the evaluation and a salted commitment that the printed salt reproduces', () => {
    const r = cli('qualify', file('pass.json'), '--json');
    assert.equal(r.code, 0, show(r));
    const answer = JSON.parse(r.stdout);
    assert.equal(answer.result, 'PASS');
    assert.equal(answer.ruleSet.from, 'built-in');
    assert.match(answer.ruleSet.source, /USMCA/);
    assert.deepEqual(
      answer.evaluation.alternatives[1].rvc.methods.map((m: { method: string; pct: string; thresholdPct: string }) => [
        m.method,
        m.pct,
        m.thresholdPct,
      ]),
      [
        ['TV', '65.00', '60'],
        ['NC', '56.25', '50'],
      ],
    );
    const { bomCommitment: commitment, salt } = answer.commitment;
    const bom = furniture('3500');
    assert.equal(commitment, bomCommitment(nobleCrypto, bom, new Uint8Array(Buffer.from(salt, 'base64url'))));
    // A fresh salt every run; the same salt gives the same commitment.
    const again = JSON.parse(cli('qualify', file('pass.json'), '--json').stdout).commitment;
    assert.notEqual(again.salt, salt);
    assert.notEqual(again.bomCommitment, commitment);
    const reproduced = JSON.parse(cli('qualify', file('pass.json'), `--salt=${salt}`, '--json').stdout).commitment;
    assert.deepEqual([reproduced.bomCommitment, reproduced.salt], [commitment, salt]);
    const short = cli('qualify', file('pass.json'), '--salt', 'c2hvcnQ', '--json');
    assert.equal(short.code, 2, show(short));
    assert.equal(JSON.parse(short.stdout).error.field, '--salt');
  });

  it('E-RO-2 VNM 4,200: FAIL with 58.00 % < 60 % and 47.50 % < 50 %, exit 1', () => {
    const r = cli('qualify', file('fail.json'));
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /^FAIL /);
    assert.match(r.stdout, /RVC TV \(transaction value\) 58\.00 % < 60 %: not met {2}\[100 × 5800 \/ 10000\]/);
    assert.match(r.stdout, /RVC NC \(net cost\) 47\.50 % < 50 %: not met {2}\[100 × 3800 \/ 8000\]/);
    assert.match(r.stdout, /does not qualify/);
    const json = cli('qualify', file('fail.json'), '--json');
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).evaluation.passedBy, undefined);
  });

  it('a malformed bill of materials: exit 2, every problem with its JSON path', () => {
    const bad = furniture('much');
    (bad.good as Record<string, unknown>).hs6 = '9403';
    writeFileSync(file('bad.json'), JSON.stringify({ ...bad, importDate: '2024-02-30' }));
    const r = cli('qualify', file('bad.json'));
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^CL_INPUT_INVALID: The bill of materials .*bad\.json has 3 problem\(s\)\./);
    assert.match(r.stderr, /\n {2}\/importDate: must be an ISO calendar date/);
    assert.match(r.stderr, /\n {2}\/good\/hs6: must be a 6-digit HS2022 subheading/);
    assert.match(r.stderr, /\n {2}\/materials\/0\/value: must be a plain decimal string/);
    const json = cli('qualify', file('bad.json'), '--json');
    assert.equal(json.code, 2);
    assert.deepEqual(
      JSON.parse(json.stdout).error.problems.map((p: { path: string }) => p.path),
      ['/importDate', '/good/hs6', '/materials/0/value'],
    );

    writeFileSync(file('syntax.json'), '{"good": {"hs6": "940360"},');
    const syntax = cli('qualify', file('syntax.json'), '--json');
    assert.equal(syntax.code, 2, show(syntax));
    assert.equal(JSON.parse(syntax.stdout).error.code, 'CL_JSON_SYNTAX');
    writeFileSync(
      file('horses.json'),
      JSON.stringify({ ...furniture('3500'), good: { hs6: '010121', transactionValue: '10000' } }),
    );
    const noRule = cli('qualify', file('horses.json'), '--json');
    assert.equal(noRule.code, 2, show(noRule));
    assert.deepEqual(JSON.parse(noRule.stdout).error.problems[0].path, '/good/hs6');
    assert.equal(JSON.parse(noRule.stdout).error.code, 'CL_ORIGIN_NO_RULE');
  });

  it('--rules: a rule file covering the good takes precedence; its problems are listed with their paths', () => {
    const ruleFile = {
      agreement: 'USMCA',
      hsEdition: 'HS2022',
      source: 'Importer ruling 2025-17 (test)',
      rules: [
        {
          ref: 'TEST-9403.60',
          hs: '940360',
          description: 'Wooden furniture: RVC 70 % (transaction value)',
          alternatives: [{ rvc: { methods: ['TV'], thresholdPct: '70' } }],
        },
      ],
    };
    writeFileSync(file('rules.json'), JSON.stringify(ruleFile));
    const r = cli('qualify', file('pass.json'), '--rules', file('rules.json'));
    assert.equal(r.code, 1, show(r));
    assert.match(
      r.stdout,
      /rule TEST-9403\.60 \(HS 940360\)[\s\S]*Importer ruling 2025-17 \(test\) \(from .*rules\.json\)/,
    );
    assert.match(r.stdout, /RVC TV \(transaction value\) 65\.00 % < 70 %: not met/);
    // A good the file has no rule for is evaluated under the built-in rules.
    writeFileSync(
      file('chairs.json'),
      JSON.stringify({ ...furniture('3500'), good: { ...furniture('3500').good, hs6: '940161' } }),
    );
    const builtIn = cli('qualify', file('chairs.json'), '--rules', file('rules.json'), '--json');
    assert.equal(JSON.parse(builtIn.stdout).ruleSet.from, 'built-in', show(builtIn));

    writeFileSync(
      file('bad-rules.json'),
      JSON.stringify({ ...ruleFile, rules: [{ ...ruleFile.rules[0], hs: '9999' }], extra: true }),
    );
    const badRules = cli('qualify', file('pass.json'), '--rules', file('bad-rules.json'));
    assert.equal(badRules.code, 2, show(badRules));
    assert.match(badRules.stderr, /The rule file .*bad-rules\.json has 2 problem\(s\)/);
    assert.match(badRules.stderr, /\n {2}\/extra: unknown field "extra"/);
    assert.match(badRules.stderr, /\n {2}\/rules\/0\/hs: /);

    const mismatch = cli(
      'qualify',
      file('pass.json'),
      '--rules',
      file('rules.json'),
      '--agreement',
      'CAFTA_DR',
      '--json',
    );
    assert.equal(mismatch.code, 2, show(mismatch));
    assert.equal(JSON.parse(mismatch.stdout).error.field, '--rules');
  });

  it('sends nothing: --node is refused, and a node URL in the environment is not used', () => {
    const r = cli('qualify', file('pass.json'), '--node', 'http://127.0.0.1:9', '--json');
    assert.equal(r.code, 2, show(r));
    assert.equal(JSON.parse(r.stdout).error.field, '--node');
    const env2 = runCli({ ...env, CLEARLEDGER_NODE_URL: 'http://127.0.0.1:9' }, 'qualify', file('pass.json'));
    assert.equal(env2.code, 0, show(env2));
  });

  // The supplier's USMCA certification (goods 9403.60, 9401.61, 9403.50, 9403.40, 9403.91), signed
  // and anchored on a ledger this machine does not have.
  const supplier = anchoredUsmcaRecord();
  /** Tables whose legs (9403.91, 4,200 of TV 10,000) are claimed originating through the supplier's certification. */
  const tables = (legs: Record<string, unknown> = {}) => ({
    good: { hs6: '940360', description: 'Wooden dining tables', transactionValue: '10000', netCost: '8000' },
    materials: [
      {
        id: 'legs',
        hs6: '940391',
        value: '4200',
        originating: true,
        evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: supplier.hash, ...legs },
      },
      { id: 'hardware', hs6: '830242', value: '300', originating: false },
    ],
    importDate: '2025-06-10',
  });
  writeFileSync(file('tables.json'), JSON.stringify(tables()));
  writeFileSync(file('supplier.json'), JSON.stringify({ credential: supplier.credential, anchor: supplier.anchor }));
  const noNode = file('no-node');

  it('accumulation: the supplier credential is verified here; without a ledger it is INCONCLUSIVE and the legs count as non-originating, with the reason', () => {
    const r = cli('qualify', file('tables.json'), '--evidence', file('supplier.json'), '--data-dir', noNode);
    assert.equal(r.code, 1, show(r));
    assert.match(
      r.stdout,
      new RegExp(
        `evidence ${supplier.hash.slice(0, 12)}… {2}INCONCLUSIVE {2}USMCACertificationOfOrigin from did:web:producer\\.example \\(USMCA\\)`,
      ),
    );
    assert.match(r.stdout, /originating goods: 9403\.60, 9401\.61, 9403\.50, 9403\.40, 9403\.91/);
    assert.match(
      r.stdout,
      /material legs: treated as non-originating: the supplier credential [0-9a-f]{12}… is INCONCLUSIVE: /,
    );
    assert.match(r.stdout, /VNM 4500/);
    const json = JSON.parse(
      cli('qualify', file('tables.json'), '--evidence', file('supplier.json'), '--data-dir', noNode, '--json').stdout,
    );
    assert.equal(json.accumulationEvidence[0].verdict, 'INCONCLUSIVE');
    assert.equal(json.evaluation.accumulation, false);

    const missing = cli('qualify', file('tables.json'), '--data-dir', noNode);
    assert.equal(missing.code, 1, show(missing));
    assert.match(missing.stdout, /NOT_FOUND/);
    assert.match(missing.stdout, /give the supplier credential with --evidence <file>/);
    assert.match(
      missing.stdout,
      /material legs: treated as non-originating: the supplier credential [0-9a-f]{12}… was not found/,
    );
  });

  it('accumulation: verified against a ledger that has the anchor, the same credential is VALID and the tables PASS (VNM 300)', async () => {
    const bom = tables();
    const evidence = await supplierEvidence(
      bom,
      [{ credential: supplier.credential, anchor: supplier.anchor }],
      { ledger: snapshotLedgerView(supplier.snapshot) },
      '2025-06-10T10:00:00Z',
    );
    assert.deepEqual(
      evidence.map((e) => [e.credentialHash, e.verdict, e.agreement]),
      [[supplier.hash, 'VALID', 'USMCA']],
    );
    const r = evaluateOrigin(usmcaRules, bom as never, { accumulationEvidence: evidence });
    assert.ok(r.success);
    assert.deepEqual([r.data.result, r.data.accumulation, r.data.totals.vnm], ['PASS', true, '300']);
    // A file holding another credential does not stand in for the one named.
    const other = await supplierEvidence(
      tables({ credentialHash: 'ef'.repeat(32) }),
      [{ credential: supplier.credential, anchor: supplier.anchor }],
      { ledger: snapshotLedgerView(supplier.snapshot) },
      '2025-06-10T10:00:00Z',
    );
    assert.equal(other[0]!.verdict, 'NOT_FOUND');
  });

  it('a bill of materials asserting verified or isTextile is refused with the field, exit 2', () => {
    writeFileSync(file('asserted.json'), JSON.stringify(tables({ verified: true })));
    const r = cli('qualify', file('asserted.json'), '--data-dir', noNode, '--json');
    assert.equal(r.code, 2, show(r));
    assert.deepEqual(
      JSON.parse(r.stdout).error.problems.map((p: { path: string }) => p.path),
      ['/materials/0/evidence/verified'],
    );
    writeFileSync(
      file('textile-flag.json'),
      JSON.stringify({ ...furniture('3500'), good: { ...furniture('3500').good, isTextile: true } }),
    );
    const t = cli('qualify', file('textile-flag.json'));
    assert.equal(t.code, 2, show(t));
    assert.match(
      t.stderr,
      /\/good\/isTextile: is not accepted: a good is a textile or apparel good when its subheading is in HS chapters 50–63/,
    );
  });

  it('criterion D: a power supply with a non-originating module of its own subheading qualifies on RVC 65.00 %', () => {
    writeFileSync(
      file('power.json'),
      JSON.stringify({
        good: { hs6: '850440', description: 'Power supply', transactionValue: '10000', netCost: '8000' },
        materials: [
          { id: 'module', hs6: '850440', value: '3000', originating: false },
          { id: 'housing', hs6: '392690', value: '500', originating: false },
        ],
        importDate: '2025-06-10',
      }),
    );
    const r = cli('qualify', file('power.json'));
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /criterion D {2}PASS/);
    assert.match(r.stdout, /criterion D RVC transaction value 65\.00 % ≥ 60 %: met/);
    assert.match(r.stdout, /qualifies: a non-originating part is classified with the good .* \(criterion D\)/);
  });
});
