// `npm run bench [filter]`: runs every test/bench/*.bench.ts in its own process and prints one table.
// A bench script reports each figure as a line `BENCH {"name","value","unit","budget"?,"ok"?}`
// (see report() in test/bench/report.ts); everything else it prints is passed through.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
const rows = [];
let failed = false;
for (const file of files) {
  console.error(`\n▶ ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('BENCH ')) rows.push({ file, ...JSON.parse(line.slice(6)) });
    else if (line.trim()) console.error(line);
  }
  if (run.status !== 0) {
    failed = true;
    rows.push({ file, name: '(script failed)', value: run.status, unit: 'exit code', ok: false });
  }
}
const cell = (v) => (v === undefined ? '' : String(v));
const table = [['bench', 'figure', 'value', 'unit', 'budget', 'ok']];
for (const r of rows) {
  table.push([
    r.file.replace('.bench.ts', ''),
    r.name,
    typeof r.value === 'number' ? +r.value.toFixed(2) : r.value,
    r.unit,
    r.budget,
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
  if (r.ok === false) failed = true;
}
const widths = table[0].map((_, i) => Math.max(...table.map((row) => [...cell(row[i])].length)));
const line = (row) => '| ' + row.map((c, i) => cell(c).padEnd(widths[i])).join(' | ') + ' |';
console.log('\n' + line(table[0]));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const row of table.slice(1)) console.log(line(row));
process.exit(failed ? 1 : 0);
