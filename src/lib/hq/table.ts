/**
 * The columns of the head office's table, shared by the page and its CSV export so both show the
 * same figures under the same headings. Pure.
 */
import { toCsv, type CsvValue } from '../csv/csv';
import type { FeedbackConfig } from '../feedback/feedback';
import type { OnTime } from '../feedback/reports';
import { CHANNELS, KINDS, MILESTONES } from '../feedback/schema';
import { translator, type MessageKey } from '../i18n/dict';
import type { HqRow, HqSummary } from './summary';

const zh = translator('zh-CN');

export const COLUMN_GROUPS = ['volume', 'channel', 'kind', 'onTime', 'satisfaction', 'escalation', 'alerts'] as const;
export type ColumnGroup = (typeof COLUMN_GROUPS)[number];

export interface HqColumn {
  /** The sort key (`?sort=`), see summary.ts `columnValue`. */
  key: string;
  group: ColumnGroup;
  /** Heading, Chinese. */
  label: string;
  /** The cell as shown: a count, `87.5%`, `4.50`, or `—` when there is nothing to rate. */
  text: (row: HqRow) => string;
  /** The cell in the CSV: a number where there is one (rates as percentages), empty otherwise. */
  cell: (row: HqRow) => CsvValue;
  /**
   * `worst`: the lowest rate among the malls is highlighted; `alert`: any non-zero count is
   * (overdue tickets, major complaints).
   */
  mark?: 'worst' | 'alert';
}

const percent = (o: OnTime) => (o.rate === undefined ? undefined : Math.round(o.rate * 1000) / 10);
const count = (f: (r: HqRow) => number) => ({ text: (r: HqRow) => String(f(r)), cell: (r: HqRow) => f(r) });

/** A month as Chinese readers write it: `2026-11` → `2026 年 11 月`. */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-');
  return `${year} 年 ${Number(m)} 月`;
}

/** Name of an escalation ladder level (the top rung for anything beyond it). */
export function ladderName(config: FeedbackConfig, level: number): string {
  const ladder = config.sla.overdue.ladder;
  return ladder[Math.min(level, ladder.length - 1)]?.zh ?? String(level);
}

/** The table's columns for a summary (its escalation levels and satisfaction rounds). */
export function hqColumns(summary: Pick<HqSummary, 'levels' | 'roundCount'>, config: FeedbackConfig): HqColumn[] {
  const milestone = (m: string) => config.sla.rules.find((r) => r.milestone === m)?.label.zh ?? m;
  const rateColumn = (key: string, label: string, of: (r: HqRow) => OnTime): HqColumn => ({
    key,
    group: 'onTime',
    label,
    text: (r) => {
      const p = percent(of(r));
      return p === undefined ? '—' : `${p.toFixed(1)}%`;
    },
    cell: (r) => percent(of(r)),
    mark: 'worst',
  });
  return [
    { key: 'total', group: 'volume', label: zh('hq.col.total'), ...count((r) => r.total) },
    ...CHANNELS.map((c): HqColumn => ({
      key: `channel.${c}`,
      group: 'channel',
      label: zh(`feedback.channel.${c}` as MessageKey),
      ...count((r) => r.byChannel[c]),
    })),
    ...KINDS.map((k): HqColumn => ({
      key: `kind.${k}`,
      group: 'kind',
      label: zh(`feedback.kind.${k}`),
      ...count((r) => r.byKind[k]),
    })),
    ...MILESTONES.map((m) => rateColumn(`onTime.${m}`, milestone(m), (r) => r.onTime[m])),
    rateColumn('onTime.all', zh('hq.col.onTimeAll'), (r) => r.onTimeAll),
    ...Array.from({ length: summary.roundCount }, (_, i): HqColumn => ({
      key: `round.${i + 1}`,
      group: 'satisfaction',
      label: zh('hq.col.round', { n: i + 1 }),
      text: (r) => {
        const round = r.rounds[i];
        return round?.average === undefined ? '—' : round.average.toFixed(2);
      },
      cell: (r) => {
        const average = r.rounds[i]?.average;
        return average === undefined ? undefined : Math.round(average * 100) / 100;
      },
    })),
    { key: 'reopened', group: 'escalation', label: zh('hq.col.reopened'), ...count((r) => r.reopened) },
    { key: 'escalations', group: 'escalation', label: zh('hq.col.escalations'), ...count((r) => r.escalations) },
    ...summary.levels.map((level): HqColumn => ({
      key: `level.${level}`,
      group: 'escalation',
      label: zh('hq.col.level', { level: ladderName(config, level) }),
      ...count((r) => r.escalationsByLevel[level] ?? 0),
    })),
    { key: 'major', group: 'alerts', label: zh('hq.col.major'), ...count((r) => r.major), mark: 'alert' },
    { key: 'overdue', group: 'alerts', label: zh('hq.col.overdue'), ...count((r) => r.overdueNow), mark: 'alert' },
  ];
}

/**
 * The table as CSV: mall id, mall name, then every column (rates in percent, averages to two
 * decimals), one row per mall and the chain total last.
 */
export function hqCsv(
  summary: HqSummary,
  rows: readonly HqRow[],
  config: FeedbackConfig,
  mallName: (id: string) => string,
): string {
  const columns = hqColumns(summary, config);
  const heading = (c: HqColumn) =>
    c.group === 'onTime' || c.group === 'satisfaction' || c.group === 'channel' || c.group === 'kind'
      ? `${zh(`hq.group.${c.group}`)}：${c.label}`
      : c.label;
  const out: CsvValue[][] = [[zh('hq.csv.mallId'), zh('hq.mall'), ...columns.map(heading)]];
  for (const r of rows) out.push([r.mallId, mallName(r.mallId!), ...columns.map((c) => c.cell(r))]);
  out.push(['', zh('hq.total'), ...columns.map((c) => c.cell(summary.total))]);
  return toCsv(out);
}
