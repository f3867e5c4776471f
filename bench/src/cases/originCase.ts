// Rules-of-origin benchmark case in its own process: `originCase.ts <seconds>`. Evaluations per
// second of a 50-material bill of materials against the USMCA furniture rule (two alternatives,
// tariff shift, de minimis, RVC by transaction value and net cost), and as the same-run baseline the
// salted commitment of that bill of materials (JCS + SHA-256, what issuing a qualification costs).
// Prints {"perSec","evaluations","seconds","materials","commitmentsPerSec"} as its last line.
import {
  type AccumulationEvidence,
  bomCommitment,
  compileRuleSet,
  type EvaluateOriginInput,
  evaluateOrigin,
  type OriginMaterial,
  usmcaRules,
} from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';

/** Result of {@link benchOriginRules}. */
type BenchOriginRulesResult = { perSec: number; evaluations: number; seconds: number; materials: number };

const HS = ['440711', '440929', '940391', '940399', '830242', '830249', '732690', '391690', '590390', '700991'];

/** A deterministic 50-material bill of materials for a wooden furniture good (9403.60). */
function benchBillOfMaterials(count = 50): EvaluateOriginInput {
  const materials: OriginMaterial[] = [];
  for (let i = 0; i < count; i++) {
    const hs6 = HS[i % HS.length]!;
    const value = `${10 + ((i * 37) % 90)}.${String((i * 13) % 100).padStart(2, '0')}`;
    const material: OriginMaterial = {
      id: `m${i}`,
      description: `material ${i}`,
      hs6,
      value,
      originating: i % 3 === 0,
    };
    if (i % 3 === 0) {
      material.evidence =
        i % 2 === 0
          ? { kind: 'SUPPLIER_CERTIFICATION', credentialHash: i.toString(16).padStart(64, 'a') }
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
function benchOriginRules(seconds: number, now: () => number = () => performance.now()): BenchOriginRulesResult {
  const rules = compileRuleSet(usmcaRules);
  const input = benchBillOfMaterials(50);
  // The supplier credentials as a verifier would have found them (VALID, covering each material).
  const options = {
    accumulationEvidence: input.materials.flatMap((m): AccumulationEvidence[] =>
      m.evidence?.kind === 'SUPPLIER_CERTIFICATION'
        ? [{ credentialHash: m.evidence.credentialHash, verdict: 'VALID', agreement: 'USMCA', coveredHs6: [m.hs6] }]
        : [],
    ),
  };
  const first = evaluateOrigin(rules, input, options);
  if (!first.success || first.data.result !== 'PASS') throw new Error('benchmark input does not qualify');
  for (let i = 0; i < 2_000; i++) evaluateOrigin(rules, input, options);
  const start = now();
  const end = start + seconds * 1000;
  let evaluations = 0;
  let t = start;
  while (t < end) {
    for (let i = 0; i < 500; i++) evaluateOrigin(rules, input, options);
    evaluations += 500;
    t = now();
  }
  const elapsed = (t - start) / 1000;
  return { perSec: Math.round(evaluations / elapsed), evaluations, seconds: elapsed, materials: 50 };
}

const seconds = Number(process.argv[2] ?? '3');
const result = benchOriginRules(seconds, () => performance.now());
const input = benchBillOfMaterials(50);
const salt = new Uint8Array(16).fill(9);
let commitments = 0;
const start = performance.now();
while (performance.now() - start < 1000) {
  for (let i = 0; i < 100; i++) bomCommitment(nodeCrypto, input, salt);
  commitments += 100;
}
const commitmentsPerSec = Math.round(commitments / ((performance.now() - start) / 1000));
process.stdout.write(`${JSON.stringify({ ...result, commitmentsPerSec })}\n`);
