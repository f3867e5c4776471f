import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isClearledgerError } from '@clearledger/core';
import { columnOfPointer, parseCsv, parseHeader, rowToCredential } from './csvCredentials.ts';

const refused = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => isClearledgerError(e) && e.code === 'CL_INPUT_INVALID' && pattern.test(e.message));

describe('CSV rows as credentials', () => {
  it('gives each record the line it starts on: CRLF, BOM, empty lines, quoted line breaks, non-ASCII', () => {
    const { header, records } = parseCsv('\uFEFFa,b\r\né,1\r\n\r\n"two\r\nlines",2\r\nlast,3');
    assert.deepEqual(header, ['a', 'b']);
    assert.deepEqual(
      records.map((r) => [r.line, r.cells]),
      [
        [2, ['é', '1']],
        [4, ['two\r\nlines', '2']],
        [6, ['last', '3']],
      ],
    );
    assert.equal(records[1]!.raw, '"two\r\nlines",2\r\n');
    refused(() => parseCsv(''), /empty/);
    refused(() => parseCsv('a,b\n"open,1\n'), /cannot be read/);
  });

  it('headers are dotted paths with an optional :number, :boolean, :json or :string', () => {
    assert.deepEqual(parseHeader(['credentialSubject.goods.0.hs6', ' validFrom ', 'type:json', 'x.n:number']), [
      { header: 'credentialSubject.goods.0.hs6', path: ['credentialSubject', 'goods', 0, 'hs6'], kind: 'string' },
      { header: 'validFrom', path: ['validFrom'], kind: 'string' },
      { header: 'type:json', path: ['type'], kind: 'json' },
      { header: 'x.n:number', path: ['x', 'n'], kind: 'number' },
    ]);
    refused(() => parseHeader(['a', '']), /column 2: the header is empty/);
    refused(() => parseHeader(['a..b']), /empty segments/);
    refused(() => parseHeader(['a:date']), /unknown type ":date"/);
    refused(() => parseHeader(['credentialSubject.__proto__.x']), /"__proto__" may not be used/);
    refused(() => parseHeader(['goods.10000.hs6']), /array position from 0 to 9999/);
    refused(() => parseHeader(['goods.01']), /array position/);
    refused(() => parseHeader(['0.a']), /starts with a key/);
    refused(() => parseHeader(['a.b', 'a.b:string']), /the same path appears in two columns/);
  });

  it('merges a row over a copy of the template; numbers stay strings unless typed; empty cells are left out', () => {
    const columns = parseHeader([
      'credentialSubject.certificationNumber',
      'credentialSubject.goods.1.hs6',
      'credentialSubject.goods.1.line:number',
      'credentialSubject.flag:boolean',
      'credentialSubject.exporter.name',
      'type:json',
      'credentialSubject.extra.0.k',
    ]);
    const template = {
      type: ['VerifiableCredential', 'X'],
      credentialSubject: { goods: [{ hs6: '940360' }], exporter: { name: 'Template', country: 'MX' } },
    };
    const row = rowToCredential(
      columns,
      ['00123', '940161', '2', 'TRUE', '', '["VerifiableCredential","Y"]', 'v'],
      template,
    );
    assert.ok(row.success);
    assert.deepEqual(row.credential, {
      type: ['VerifiableCredential', 'Y'],
      credentialSubject: {
        certificationNumber: '00123',
        goods: [{ hs6: '940360' }, { hs6: '940161', line: 2 }],
        flag: true,
        exporter: { name: 'Template', country: 'MX' },
        extra: [{ k: 'v' }],
      },
    });
    assert.deepEqual(template.credentialSubject.goods.length, 1, 'the template itself is not changed');
  });

  it('a bad cell rejects its row with the column and reason', () => {
    const columns = parseHeader(['n:number', 'b:boolean', 'j:json', 'credentialSubject.name.first']);
    const bad = rowToCredential(columns, ['1e400', 'yes', '{"a":1,"a":2}', 'x'], {
      credentialSubject: { name: 'flat' },
    });
    assert.ok(!bad.success);
    assert.deepEqual(
      bad.problems.map((p) => [p.field, p.code]),
      [
        ['n:number', 'CL_JSON_UNSAFE_NUMBER'],
        ['b:boolean', 'CL_INPUT_INVALID'],
        ['j:json', 'CL_JSON_DUPLICATE_KEY'],
        ['credentialSubject.name.first', 'CL_INPUT_INVALID'],
      ],
    );
    assert.match(bad.problems[3]!.message, /credentialSubject\.name is "flat" in the template/);
    const short = rowToCredential(columns, ['1'], undefined);
    assert.ok(!short.success);
    assert.match(short.problems[0]!.message, /1 cell\(s\) but the header has 4/);
    const notNumber = rowToCredential(parseHeader(['n:number']), ['0x10'], undefined);
    assert.ok(!notNumber.success && /is not a number/.test(notNumber.problems[0]!.message));
  });

  it("names the column a node's problem pointer is about", () => {
    const columns = parseHeader(['issuer', 'credentialSubject.goods:json', 'credentialSubject.goods.0.hs6']);
    assert.equal(columnOfPointer(columns, '/issuer'), 'issuer');
    assert.equal(columnOfPointer(columns, '/credentialSubject/goods/0/hs6'), 'credentialSubject.goods.0.hs6');
    assert.equal(columnOfPointer(columns, '/credentialSubject/goods/1/hs6'), 'credentialSubject.goods:json');
    assert.equal(columnOfPointer(columns, '/validFrom'), undefined);
  });
});
