/** One figure for the bench table printed by test/bench/run.mjs. */
export function report(name: string, value: number, unit: string, budget?: { max?: number; min?: number }) {
  const ok = budget
    ? (budget.max === undefined || value <= budget.max) && (budget.min === undefined || value >= budget.min)
    : undefined;
  const text = budget
    ? [budget.max !== undefined ? `<= ${budget.max}` : '', budget.min !== undefined ? `>= ${budget.min}` : '']
        .filter(Boolean)
        .join(', ')
    : undefined;
  console.log(`BENCH ${JSON.stringify({ name, value, unit, budget: text, ok })}`);
}

/** The p-th percentile (0-100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
