// Micro-benchmark of the rules-of-origin engine: evaluations per second of a 50-material bill of
// materials against the USMCA furniture rule (two alternatives, tariff shift, de minimis, RVC by
// transaction value and net cost). `npm run bench` imports `benchOriginRules`; running this file
// directly (`node --import tsx packages/core/src/origin/bench.ts [seconds]`) prints the figure.
import { evaluateOrigin } from './evaluateOrigin.ts';
import { compileRuleSet } from './ruleSet.ts';
import { usmcaRules } from './rules/usmcaRules.ts';
import type { EvaluateOriginInput, OriginMaterial } from './types.ts';

/** Result of {@link benchOriginRules}. */
export type BenchOriginRulesResult = { perSec: number; evaluations: number; seconds: number; materials: number };

const HS = ['440710', '440929', '940391', '940399', '830242', '830249', '732690', '391690', '590390', '700991'];

/** A deterministic 50-material bill of materials for a wooden furniture good (9403.60). */
export function benchBillOfMaterials(count = 50): EvaluateOriginInput {
  const materials: OriginMaterial[] = [];
  for (let i = 0; i < count; i++) {
    const hs6 = HS[i % HS.length]!;
    const value = `${10 + ((i * 37) % 90)}.${String((i * 13) % 100).padStart(2, '0')}`;
    const material: OriginMaterial = { id: `m${i}`, description: `material ${i}`, hs6, value, originating: i % 3 === 0 };
    if (i % 3 === 0) {
      material.evidence =
        i % 2 === 0
          ? { kind: 'SUPPLIER_CERTIFICATION', credentialHash: i.toString(16).padStart(64, 'a'), verified: true }
          : { kind: 'WHOLLY_OBTAINED' };
    }
    materials.push(material);
  }
  return {
    good: { hs6: '940360', description: 'Wooden bedroom furniture', transactionValue: '12000', netCost: '9500.50' },
    materials,
    importDate: '2024-03-01',
  };
}

/**
 * Evaluates the benchmark bill of materials repeatedly for about `seconds` and returns the rate.
 *
 * @param seconds - Measuring time (after a short warm-up).
 * @param now - Millisecond clock; defaults to `performance.now()`.
 */
export function benchOriginRules(
  seconds: number,
  now: () => number = () => performance.now(),
): BenchOriginRulesResult {
  const rules = compileRuleSet(usmcaRules);
  const input = benchBillOfMaterials(50);
  const first = evaluateOrigin(rules, input);
  if (!first.success || first.data.result !== 'PASS') throw new Error('benchmark input does not qualify');
  for (let i = 0; i < 2_000; i++) evaluateOrigin(rules, input);
  const start = now();
  const end = start + seconds * 1000;
  let evaluations = 0;
  let t = start;
  while (t < end) {
    for (let i = 0; i < 500; i++) evaluateOrigin(rules, input);
    evaluations += 500;
    t = now();
  }
  const elapsed = (t - start) / 1000;
  return { perSec: Math.round(evaluations / elapsed), evaluations, seconds: elapsed, materials: 50 };
}

const host = globalThis as { process?: { argv?: string[]; stdout?: { write(text: string): void } } };
const script = host.process?.argv?.[1];
if (script !== undefined && import.meta.url.endsWith(script.replace(/\\/g, '/').replace(/^.*\/packages\//, '/packages/'))) {
  const seconds = Number(host.process?.argv?.[2] ?? '3');
  const result = benchOriginRules(Number.isFinite(seconds) && seconds > 0 ? seconds : 3);
  host.process?.stdout?.write(
    `origin rules: ${result.perSec.toLocaleString('en-US')} evaluations/s (${result.materials}-material bill of materials, ${result.evaluations.toLocaleString('en-US')} in ${result.seconds.toFixed(2)} s)\n`,
  );
}
