import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';

const bin = new URL('../bin/clearledger.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'clearledger-cli-'));
const dataDir = join(dir, 'node');
const env = {
  ...process.env,
  // SQLite in the temporary folder, whatever DATABASE_URL the test run itself has.
  DATABASE_URL: '',
  CLEARLEDGER_KEY_PASSPHRASE: '',
  CLEARLEDGER_DATA_DIR: dataDir,
  CLEARLEDGER_ORG_ROLES: 'PRODUCER',
  CLEARLEDGER_ORG_DID: 'did:web:producer.example',
};

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('clearledger CLI', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  const unsigned = join(dir, 'cert.json');
  const signed = join(dir, 'cert.signed.json');
  writeFileSync(unsigned, JSON.stringify(usmcaCertification({ issuer: 'did:web:producer.example' })));

  it('--help on the program and on every command', () => {
    const main = cli('--help');
    assert.equal(main.code, 0);
    assert.match(main.stdout, /Commands:[\s\S]*issue[\s\S]*verify/);
    assert.match(main.stdout, /^ {2}permits list\|show\|draw\|reverse\n/m);
    assert.match(main.stdout, /^ {2}carnets list\|show\|endorse\|claim\n/m);
    assert.match(main.stdout, /^ {2}inbond list\|show\|event {2}/m);
    for (const command of [
      'issue',
      'verify',
      'revoke',
      'export',
      'org',
      'keys',
      'chain',
      'permits',
      'carnets',
      'inbond',
    ]) {
      const r = cli(command, '--help');
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`Usage: clearledger ${command}`));
    }
    assert.equal(cli().code, 2);
  });

  it('issues a credential file, then verifies it (pending anchor → INCONCLUSIVE, exit 3)', () => {
    const issued = cli('issue', unsigned, '--out', signed, '--json');
    assert.equal(issued.code, 0, issued.stderr + issued.stdout);
    const summary = JSON.parse(issued.stdout);
    assert.equal(summary.issued.length, 1);
    assert.match(summary.issued[0].hash, /^[0-9a-f]{64}$/);
    assert.equal(summary.batch.size, 1);
    const credential = JSON.parse(readFileSync(signed, 'utf8'));
    assert.equal(credential.proof.cryptosuite, 'eddsa-jcs-2022');

    const verified = cli('verify', signed, '--json');
    assert.equal(verified.code, 3, verified.stdout + verified.stderr);
    const report = JSON.parse(verified.stdout);
    assert.equal(report.verdict, 'INCONCLUSIVE');
    assert.equal(report.checks.find((c: { check: string }) => c.check === 'integrity').status, 'VALID');
    assert.equal(report.checks.find((c: { check: string }) => c.check === 'issuer').status, 'VALID');
    assert.equal(report.checks.find((c: { check: string }) => c.check === 'anchor').code, 'CL_VERIFY_ANCHOR_PENDING');

    const text = cli('verify', signed);
    assert.match(text.stdout, /^INCONCLUSIVE/);
    assert.match(text.stdout, /integrity\s+VALID/);
  });

  it('keys rotate: records signed before and after both verify; chain status reports the node', () => {
    const status = cli('chain', 'status', '--json');
    assert.equal(status.code, 0, status.stdout + status.stderr);
    const facts = JSON.parse(status.stdout);
    assert.equal(facts.chain, 'embedded');
    assert.deepEqual(facts.organization.roles.sort(), ['NETWORK_AUTHORITY', 'PRODUCER']);

    const rotated = cli('keys', 'rotate', '--json');
    assert.equal(rotated.code, 0, rotated.stdout + rotated.stderr);
    const { oldKey, newKey } = JSON.parse(rotated.stdout);
    assert.notEqual(oldKey, newKey);
    const after = join(dir, 'after-rotation.json');
    assert.equal(cli('issue', unsigned, '--out', after, '--json').code, 0);
    assert.match(JSON.parse(readFileSync(after, 'utf8')).proof.verificationMethod, new RegExp(`#${newKey}$`));
    for (const file of [signed, after]) {
      const report = JSON.parse(cli('verify', file, '--json').stdout);
      assert.equal(report.checks.find((c: { check: string }) => c.check === 'issuer').status, 'VALID', file);
    }
    const keys = JSON.parse(cli('keys', 'list', '--json').stdout) as { chain: unknown }[];
    assert.equal(keys.length, 2);
    assert.ok(
      keys.every((k) => k.chain !== null),
      'both keys are on the chain',
    );
  });

  it('a tampered file is INVALID (exit 1) with the reason', () => {
    const credential = JSON.parse(readFileSync(signed, 'utf8'));
    credential.credentialSubject.goods[0].hs6 = '940390';
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(credential));
    const r = cli('verify', tampered);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^INVALID/);
    assert.match(r.stdout, /CL_VERIFY_SIGNATURE/);
  });

  it('offline verification without any ledger is INCONCLUSIVE', () => {
    const r = cli('verify', signed, '--offline', '--json');
    assert.equal(r.code, 3);
    assert.equal(
      JSON.parse(r.stdout).checks.find((c: { check: string }) => c.check === 'issuer').code,
      'CL_VERIFY_LEDGER_UNAVAILABLE',
    );
  });

  it('bad input: clear code, exit 2, nothing stored', () => {
    const dup = join(dir, 'dup.json');
    writeFileSync(dup, '{"type": ["VerifiableCredential"], "type": ["X"]}');
    const r = cli('issue', dup, '--json');
    assert.equal(r.code, 2);
    assert.equal(JSON.parse(r.stdout).error.code, 'CL_JSON_DUPLICATE_KEY');

    const invalid = join(dir, 'invalid.json');
    writeFileSync(
      invalid,
      JSON.stringify([
        usmcaCertification({ issuer: 'did:web:producer.example' }),
        { ...usmcaCertification({ issuer: 'did:web:producer.example' }), validFrom: 'soon' },
      ]),
    );
    const r2 = cli('issue', invalid);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /#1 \/validFrom/);

    assert.equal(cli('issue', join(dir, 'missing.json')).code, 2);
    assert.equal(cli('frobnicate').code, 2);
    assert.equal(cli('verify', signed, '--bogus').code, 2);
    assert.doesNotMatch(r2.stderr + r.stdout, /at .*\.ts:\d+/, 'no stack traces');
  });

  it('refuses what its verifier would reject, with the same reason codes (JSON and CSV bulk)', () => {
    const base = usmcaCertification({ issuer: 'did:web:producer.example' });
    const file = join(dir, 'untrusted-types.json');
    writeFileSync(
      file,
      JSON.stringify([
        { ...base, type: ['VerifiableCredential'] },
        { ...base, type: ['VerifiableCredential', 'USMCACertificationOfOrigin', 'OriginQualificationCredential'] },
        { ...base, type: ['VerifiableCredential', 'LpcoCredential'] },
      ]),
    );
    const r = cli('issue', file, '--json');
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const rejected = (JSON.parse(r.stdout).rejected as { index: number; code: string; field: string }[]).map(
      (p) => `#${p.index} ${p.code} ${p.field}`,
    );
    assert.deepEqual(rejected, [
      '#0 CL_VERIFY_TYPE_UNKNOWN /type',
      '#1 CL_VERIFY_TYPE_AMBIGUOUS /type',
      '#2 CL_VERIFY_ROLE_NOT_ALLOWED /type',
    ]);

    const template = join(dir, 'template.json');
    writeFileSync(template, JSON.stringify(base));
    const csv = join(dir, 'types.csv');
    writeFileSync(csv, 'credentialSubject.certificationNumber,type:json\nCSV-1,\nCSV-2,"[""VerifiableCredential""]"\n');
    const bulk = cli('issue', csv, '--template', template, '--batch', '1', '--json');
    assert.equal(bulk.code, 2, bulk.stdout + bulk.stderr);
    const summary = JSON.parse(bulk.stdout);
    assert.equal(summary.issued.length, 1);
    assert.deepEqual(
      summary.rejected.map((p: { line: number; code: string }) => [p.line, p.code]),
      [[3, 'CL_VERIFY_TYPE_UNKNOWN']],
    );
  });
});
