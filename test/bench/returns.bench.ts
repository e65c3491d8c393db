/**
 * The return check engine: decisions per second and the latency of one decision (pure, no I/O).
 * Loads content/rules/returns.yaml from disk (tsx cannot load `?raw` imports).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { checkReturn, type CheckContext } from '../../src/lib/returns/returns';
import {
  CATEGORY_IDS,
  CONDITIONS,
  PROOFS,
  returnRulesSchema,
  type ReturnCheckInput,
} from '../../src/lib/returns/schema';
import { mallSchema } from '../../src/lib/mall/schema';
import { addDays } from '../../src/lib/time/mall-time';
import { percentile, report } from './report';

const root = path.resolve(import.meta.dirname, '../..');
const ctx: CheckContext = {
  rules: returnRulesSchema.parse(parse(readFileSync(path.join(root, 'content/rules/returns.yaml'), 'utf8'))),
  mall: mallSchema.parse(parse(readFileSync(path.join(root, 'content/mall/mall.yaml'), 'utf8'))),
  clauseUrl: (id) => `/policies/returns/x#${id}`,
};

const inputs: ReturnCheckInput[] = [];
for (let i = 0; i < 2000; i++) {
  inputs.push({
    category: CATEGORY_IDS[i % CATEGORY_IDS.length],
    purchaseDate: addDays('2026-03-01', -(i % 40)),
    checkDate: '2026-03-01',
    proof: PROOFS[i % PROOFS.length],
    condition: CONDITIONS[(i >> 2) % CONDITIONS.length],
    qualityIssue: i % 7 === 0,
  });
}

for (let i = 0; i < 5000; i++) checkReturn(inputs[i % inputs.length], ctx); // warm-up
const times: number[] = [];
const start = performance.now();
for (let i = 0; i < 20_000; i++) {
  const t0 = performance.now();
  checkReturn(inputs[i % inputs.length], ctx);
  times.push(performance.now() - t0);
}
const total = performance.now() - start;
report('checkReturn p50', percentile(times, 50) * 1000, 'µs');
report('checkReturn p99', percentile(times, 99) * 1000, 'µs', { max: 1000 });
report('decisions per second', 20_000 / (total / 1000), '/s', { min: 10_000 });
