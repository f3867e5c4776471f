import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRuleSet, findProductRule, isIsoDate, loadRuleSet, parseHsRange } from './ruleSet.ts';
import type { RuleSet } from './types.ts';

function base(): Record<string, unknown> {
  return {
    agreement: 'USMCA',
    hsEdition: 'HS2022',
    source: 'test rules',
    rules: [
      {
        ref: 'R-1905',
        hs: '1905',
        description: 'A change to heading 19.05 from any other chapter.',
        alternatives: [{ tariffShift: { level: 'CC' } }],
      },
    ],
  };
}

/** A copy of the base rule set with `edit` applied to it. */
function variant(edit: (json: Record<string, unknown> & { rules: Record<string, unknown>[] }) => void) {
  const json = structuredClone(base()) as Record<string, unknown> & { rules: Record<string, unknown>[] };
  edit(json);
  return json;
}

function rule0(json: { rules: Record<string, unknown>[] }) {
  return json.rules[0]!;
}

function problemsOf(json: unknown): { path: string; message: string }[] {
  const loaded = loadRuleSet(json);
  assert.equal(loaded.success, false, 'the rule set should be refused');
  return loaded.success ? [] : loaded.problems;
}

function assertRefused(json: unknown, path: string, message?: RegExp) {
  const problems = problemsOf(json);
  const hit = problems.find((p) => p.path === path);
  assert.ok(hit, `expected a problem at ${path}, got ${JSON.stringify(problems)}`);
  if (message) assert.match(hit.message, message);
}

describe('loadRuleSet', () => {
  it('accepts a well-formed rule set and returns a detached copy', () => {
    const json = base();
    const loaded = loadRuleSet(json);
    assert.ok(loaded.success);
    (json.rules as { ref: string }[])[0]!.ref = 'changed';
    assert.equal(loaded.data.rules[0]!.ref, 'R-1905');
  });

  it('refuses what is not an object, and unknown fields at every level', () => {
    assertRefused(null, '');
    assertRefused([], '');
    assertRefused(
      variant((j) => {
        j.extra = 1;
      }),
      '/extra',
      /unknown field/,
    );
    assertRefused(
      variant((j) => {
        rule0(j).rvcThreshold = '60';
      }),
      '/rules/0/rvcThreshold',
    );
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [{ tariffShift: { level: 'CC', except: ['11'] } }];
      }),
      '/rules/0/alternatives/0/tariffShift/except',
    );
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [{ rvc: { methods: ['TV'], thresholdPct: '60', round: true } }];
      }),
      '/rules/0/alternatives/0/rvc/round',
    );
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [
          { rvc: { methods: ['NC'], thresholdPct: [{ from: '2020-07-01', pct: '66', effective: 'yes' }] } },
        ];
      }),
      '/rules/0/alternatives/0/rvc/thresholdPct/0/effective',
    );
  });

  it('refuses a wrong agreement, HS edition, source or empty rule list', () => {
    assertRefused(
      variant((j) => {
        j.agreement = 'CUSMA';
      }),
      '/agreement',
    );
    assertRefused(
      variant((j) => {
        j.hsEdition = 'HS2017';
      }),
      '/hsEdition',
    );
    assertRefused(
      variant((j) => {
        j.source = ' ';
      }),
      '/source',
    );
    assertRefused(
      variant((j) => {
        j.rules = [];
      }),
      '/rules',
    );
  });

  it('refuses HS strings that are not 2, 4 or 6 digits, or ranges out of order or of mixed lengths', () => {
    for (const hs of [
      '940',
      '94031',
      '9403.60',
      '94a3',
      '9403-94',
      '9413-9403',
      '9403-9403',
      '',
      9403,
      '9999',
      '940100',
      '99',
    ]) {
      assertRefused(
        variant((j) => {
          rule0(j).hs = hs;
        }),
        '/rules/0/hs',
      );
    }
    for (const code of ['5', '5106-5113-5114', '5113-5106', '51-5113', 'ch54']) {
      assertRefused(
        variant((j) => {
          rule0(j).alternatives = [{ tariffShift: { level: 'CC', exceptFrom: [code] } }];
        }),
        '/rules/0/alternatives/0/tariffShift/exceptFrom/0',
      );
    }
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [{ tariffShift: { level: 'CTSHX' } }];
      }),
      '/rules/0/alternatives/0/tariffShift/level',
    );
  });

  it('refuses thresholds that are not exact decimal percentages in (0, 100]', () => {
    for (const pct of ['60%', 60, '1e2', '0', '-5', '100.01', '60.', ' 60']) {
      assertRefused(
        variant((j) => {
          rule0(j).alternatives = [{ rvc: { methods: ['TV'], thresholdPct: pct } }];
        }),
        '/rules/0/alternatives/0/rvc/thresholdPct',
      );
    }
    assertRefused(
      variant((j) => {
        j.thresholds = { deMinimisPct: 10 };
      }),
      '/thresholds/deMinimisPct',
    );
  });

  it('refuses RVC methods of another agreement, repeated methods, and per-method thresholds that do not match', () => {
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [{ rvc: { methods: ['BUILD_UP'], thresholdPct: '35' } }];
      }),
      '/rules/0/alternatives/0/rvc/methods/0',
      /TV, NC/,
    );
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [{ rvc: { methods: ['TV', 'TV'], thresholdPct: '60' } }];
      }),
      '/rules/0/alternatives/0/rvc/methods/1',
    );
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [{ rvc: { methods: ['TV', 'NC'], thresholdPct: { TV: '60' } } }];
      }),
      '/rules/0/alternatives/0/rvc/thresholdPct/NC',
    );
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [{ rvc: { methods: ['TV'], thresholdPct: { TV: '60', NC: '50' } } }];
      }),
      '/rules/0/alternatives/0/rvc/thresholdPct/NC',
    );
  });

  it('refuses dated thresholds that overlap, run backwards, use impossible dates or leave a method without one', () => {
    const dated = (thresholdPct: unknown, methods = ['NC']) =>
      variant((j) => {
        rule0(j).alternatives = [{ rvc: { methods, thresholdPct } }];
      });
    const at = '/rules/0/alternatives/0/rvc/thresholdPct';
    assertRefused(
      dated([
        { from: '2020-07-01', to: '2021-07-01', pct: '66' },
        { from: '2021-07-01', pct: '69' },
      ]),
      `${at}/1`,
      /overlaps/,
    );
    assertRefused(
      dated([
        { from: '2020-07-01', pct: '66' },
        { from: '2021-07-01', pct: '69' },
      ]),
      `${at}/1`,
      /overlaps/,
    );
    assertRefused(
      dated(
        [
          { from: '2020-07-01', pct: '66' },
          { from: '2021-07-01', pct: '76', method: 'TV' },
        ],
        ['NC', 'TV'],
      ),
      `${at}/1`,
      /overlaps.*TV/,
    );
    assertRefused(dated([{ from: '2021-07-01', to: '2021-06-30', pct: '69' }]), `${at}/0/to`);
    assertRefused(dated([{ from: '2021-02-29', pct: '69' }]), `${at}/0/from`);
    assertRefused(dated([{ from: '2020-07-01', pct: '66', method: 'TV' }]), `${at}/0/method`);
    assertRefused(dated([{ from: '2020-07-01', pct: '66', method: 'NC' }], ['NC', 'TV']), at, /method TV/);
    assertRefused(dated([]), at);
    const ok = loadRuleSet(
      dated([
        { from: '2020-07-01', to: '2021-06-30', pct: '66' },
        { from: '2021-07-01', pct: '69' },
      ]),
    );
    assert.ok(ok.success, 'adjacent periods do not overlap');
  });

  it('refuses duplicate refs, rules covering the same codes at the same level, and empty alternatives', () => {
    const second = {
      ref: 'R-1905',
      hs: '1901',
      description: 'x',
      alternatives: [{ tariffShift: { level: 'CC' } }],
    };
    assertRefused(
      variant((j) => {
        j.rules.push(second);
      }),
      '/rules/1/ref',
      /also used/,
    );
    assertRefused(
      variant((j) => {
        j.rules.push({ ...second, ref: 'R-2', hs: '1901-1905' });
      }),
      '/rules/1/hs',
      /overlaps rule 0/,
    );
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [{}];
      }),
      '/rules/0/alternatives/0',
    );
    assertRefused(
      variant((j) => {
        rule0(j).alternatives = [];
      }),
      '/rules/0/alternatives',
    );
    const nested = loadRuleSet(
      variant((j) => {
        j.rules.push({ ...second, ref: 'R-19', hs: '19' }, { ...second, ref: 'R-190590', hs: '190590' });
      }),
    );
    assert.ok(nested.success, 'a chapter, a heading and a subheading of the same code may coexist');
  });

  it('reports every problem with a JSON pointer, not only the first', () => {
    const problems = problemsOf({ agreement: 'X', hsEdition: 'HS1996', source: '', rules: 'none', junk: true });
    assert.deepEqual(problems.map((p) => p.path).sort(), ['/agreement', '/hsEdition', '/junk', '/rules', '/source']);
  });
});

describe('compileRuleSet and findProductRule', () => {
  const nested: RuleSet = {
    agreement: 'USMCA',
    hsEdition: 'HS2022',
    source: 'test',
    rules: [
      { ref: 'ch94', hs: '94', description: 'chapter', alternatives: [{ tariffShift: { level: 'CC' } }] },
      { ref: 'h9403', hs: '9403', description: 'heading', alternatives: [{ tariffShift: { level: 'CTH' } }] },
      { ref: 's940360', hs: '940360', description: 'subheading', alternatives: [{ tariffShift: { level: 'CTSH' } }] },
      {
        ref: 'r9401',
        hs: '940161-940180',
        description: 'range',
        alternatives: [{ tariffShift: { level: 'CTSH' } }],
      },
    ],
  };

  it('picks the most specific rule: subheading, then range or heading, then chapter', () => {
    const compiled = compileRuleSet(nested);
    assert.equal(findProductRule(compiled, '940360')?.ref, 's940360');
    assert.equal(findProductRule(compiled, '940330')?.ref, 'h9403');
    assert.equal(findProductRule(compiled, '940171')?.ref, 'r9401');
    assert.equal(findProductRule(compiled, '940191')?.ref, 'ch94');
    assert.equal(findProductRule(compiled, '950300'), undefined);
    assert.equal(findProductRule(compiled, '9403'), undefined);
  });

  it('throws CL_INPUT_INVALID with every problem for an invalid rule set', () => {
    assert.throws(
      () => compileRuleSet({ ...nested, agreement: 'EU' as never }),
      (error: unknown) => {
        const e = error as { code: string; details: { problems: unknown[] } };
        return e.code === 'CL_INPUT_INVALID' && e.details.problems.length >= 1;
      },
    );
  });

  it('parses HS ranges and ISO dates strictly', () => {
    assert.deepEqual(parseHsRange('5106-5113'), { length: 4, lo: 5106, hi: 5113 });
    assert.equal(parseHsRange('5113-5106'), undefined);
    assert.equal(parseHsRange('8517-8599'), undefined, '85.99 is not an HS 2022 heading');
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2023-02-29'));
    assert.ok(!isIsoDate('1900-02-29'));
    assert.ok(isIsoDate('2000-02-29'));
    assert.ok(!isIsoDate('2024-13-01'));
    assert.ok(!isIsoDate('2024-1-01'));
  });
});
