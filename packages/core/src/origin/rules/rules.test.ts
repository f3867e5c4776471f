import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { compileRuleSet, findProductRule, loadRuleSet } from '../ruleSet.ts';
import type { RuleSet } from '../types.ts';
import { caftaDrRules } from './caftaDrRules.ts';
import { usmcaRules } from './usmcaRules.ts';

const shipped: [string, RuleSet, number, string][] = [
  ['usmcaRules', usmcaRules, 20, 'usmcaRules.ts'],
  ['caftaDrRules', caftaDrRules, 10, 'caftaDrRules.ts'],
];

describe('shipped rule data', () => {
  for (const [name, rules, minimum, file] of shipped) {
    it(`${name} passes the strict loader and holds at least ${minimum} rules`, () => {
      const loaded = loadRuleSet(rules);
      assert.ok(loaded.success, JSON.stringify(loaded.success ? [] : loaded.problems));
      assert.ok(rules.rules.length >= minimum, `${rules.rules.length} rules`);
      for (const rule of rules.rules) {
        assert.ok(rule.source && rule.source.length > 0, `${rule.ref} has a source`);
        assert.ok(rule.ref.startsWith(rules.agreement === 'USMCA' ? 'USMCA-' : 'CAFTA-DR-'), rule.ref);
      }
    });

    it(`${name} covers foods (19–20), apparel (61–62), furniture (94), electronics (85) and automotive goods (87)`, () => {
      const chapters = new Set(rules.rules.map((r) => r.hs.slice(0, 2)));
      for (const chapter of ['19', '20', '61', '62', '94', '85', '87']) assert.ok(chapters.has(chapter), chapter);
    });

    it(`${name}: every simplified rule says so and is listed in the header of ${file}`, () => {
      const header = readFileSync(new URL(file, import.meta.url), 'utf8').split('*/')[0]!;
      for (const rule of rules.rules) {
        if (rule.note === undefined) continue;
        assert.match(rule.note, /^structure simplified: /, rule.ref);
        assert.ok(header.includes(rule.ref), `${rule.ref} is not listed in the header`);
      }
    });
  }

  it("includes the worked examples' rules", () => {
    const usmca = compileRuleSet(usmcaRules);
    const cafta = compileRuleSet(caftaDrRules);
    assert.deepEqual(findProductRule(cafta, '190590')?.alternatives, [{ tariffShift: { level: 'CC' } }]);
    assert.deepEqual(findProductRule(usmca, '190590')?.alternatives, [{ tariffShift: { level: 'CC' } }]);
    assert.equal(findProductRule(usmca, '870323')?.ref, 'USMCA-4B-App-8703');
    assert.equal(findProductRule(usmca, '610910')?.alternatives[0]?.deMinimisBasis, 'WEIGHT');
    assert.deepEqual(findProductRule(cafta, '870840')?.alternatives[1]?.rvc?.thresholdPct, {
      BUILD_UP: '35',
      BUILD_DOWN: '45',
    });
  });

  it('the passenger-vehicle and core-part thresholds follow domain.md §3.2', () => {
    const usmca = compileRuleSet(usmcaRules);
    assert.deepEqual(findProductRule(usmca, '870323')?.alternatives[0]?.rvc?.thresholdPct, [
      { from: '2020-07-01', to: '2021-06-30', pct: '66' },
      { from: '2021-07-01', to: '2022-06-30', pct: '69' },
      { from: '2022-07-01', to: '2023-06-30', pct: '72' },
      { from: '2023-07-01', pct: '75' },
    ]);
    const core = findProductRule(usmca, '870840')?.alternatives[0]?.rvc?.thresholdPct as {
      pct: string;
      method: string;
    }[];
    assert.deepEqual(
      core.filter((t) => t.method === 'TV').map((t) => t.pct),
      ['76', '79', '82', '85'],
    );
    const heavy = findProductRule(usmca, '870423')?.alternatives[0]?.rvc?.thresholdPct as {
      from: string;
      pct: string;
    }[];
    assert.deepEqual(
      heavy.map((t) => [t.from, t.pct]),
      [
        ['2020-07-01', '60'],
        ['2024-07-01', '64'],
        ['2027-07-01', '70'],
      ],
    );
  });
});

describe('shipped de minimis exclusions', () => {
  it('each passes the strict loader, names its source, and the unconfirmed ones say so', async () => {
    const { deMinimisExclusionsByAgreement } = await import('./deMinimisExclusions.ts');
    for (const [agreement, source, count] of [
      ['USMCA', /^USMCA Annex 4-A/, 10],
      ['CAFTA_DR', /^CAFTA-DR Art\. 4\.6\.2/, 9],
    ] as const) {
      const list = deMinimisExclusionsByAgreement[agreement];
      assert.equal(list.length, count);
      const loaded = loadRuleSet({
        agreement,
        hsEdition: 'HS2022',
        source: 'test',
        rules: [{ ref: 'T-19', hs: '19', description: 'CC', alternatives: [{ tariffShift: { level: 'CC' } }] }],
        deMinimisExclusions: [...list],
      });
      assert.ok(loaded.success, JSON.stringify(loaded.success ? [] : loaded.problems));
      for (const e of list) {
        assert.match(e.source, source, e.ref);
        assert.ok(e.note === undefined || /\[V\]|not modelled/.test(e.note), e.ref);
      }
    }
    const bad = loadRuleSet({
      ...usmcaRules,
      deMinimisExclusions: [{ ref: 'X', goods: ['9999'], description: 'd', source: 's', extra: 1 }],
    });
    assert.deepEqual(bad.success ? [] : bad.problems.map((p) => p.path), [
      '/deMinimisExclusions/0/extra',
      '/deMinimisExclusions/0/goods/0',
    ]);
  });
});
