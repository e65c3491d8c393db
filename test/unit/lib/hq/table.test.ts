import { describe, expect, it } from 'vitest';
import { CHANNELS, KINDS } from '../../../../src/lib/feedback/schema';
import { hqSummary } from '../../../../src/lib/hq/summary';
import { hqColumns, hqCsv, ladderName, monthLabel } from '../../../../src/lib/hq/table';
import { bj, config } from '../feedback/fixtures';
import { worked } from './fixtures';

const now = bj('2026-12-05 12:00');
const s = hqSummary(
  new Map([
    [
      'galaxy-sh',
      [
        worked('2026-11-02 10:00', 'FK20261102-0001', [
          ['assign', '2026-11-02 10:05'],
          ['start', '2026-11-02 10:06'],
          ['reply', '2026-11-02 12:00'],
          ['followUp', '2026-11-02 13:00', { satisfaction: 4 }],
          ['close', '2026-11-02 13:05'],
        ]),
      ],
    ],
    ['=cmd', [worked('2026-11-03 10:00', 'FK20261103-0001', [], { urgency: 'urgent', description: '=HYPERLINK()' })]],
  ]),
  '2026-11',
  config,
  now,
);

describe('hqColumns', () => {
  const columns = hqColumns(s, config);
  it('has a column for every channel, kind, deadline, round, level, and the alerts', () => {
    const keys = columns.map((c) => c.key);
    for (const c of CHANNELS) expect(keys).toContain(`channel.${c}`);
    for (const k of KINDS) expect(keys).toContain(`kind.${k}`);
    expect(keys).toEqual(
      expect.arrayContaining(['total', 'onTime.handoff', 'onTime.all', 'round.1', 'major', 'overdue']),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    ['total', 0, '1'],
    ['onTime.handoff', 0, '100.0%'],
    ['onTime.handoff', 1, '0.0%'],
    ['round.1', 0, '4.00'],
    ['round.1', 1, '—'],
    ['major', 1, '1'],
  ])('%s of mall %i reads %s', (key, i, text) => {
    expect(columns.find((c) => c.key === key)!.text(s.malls[i])).toBe(text);
  });

  it.each([
    ['2026-11', '2026 年 11 月'],
    ['2027-01', '2027 年 1 月'],
  ])('writes %s as %s', (month, label) => expect(monthLabel(month)).toBe(label));

  it('names escalation levels after the ladder', () => {
    expect(ladderName(config, 1)).toBe(config.sla.overdue.ladder[1].zh);
    expect(ladderName(config, 99)).toBe(config.sla.overdue.ladder.at(-1)!.zh);
  });
});

describe('hqCsv', () => {
  const csv = hqCsv(s, s.malls, config, (id) => (id === 'galaxy-sh' ? '星河购物中心' : id));
  const lines = csv.slice(1).trim().split('\r\n');
  it('writes a heading, one line per mall and the chain total last, through the shared CSV writer', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^商场编号,商场,件数,/);
    expect(lines[1]).toMatch(/^galaxy-sh,星河购物中心,1,/);
    expect(lines[3]).toMatch(/^,全集团合计,2,/);
  });
  it('neutralises a mall id that looks like a formula', () => {
    expect(lines[2].startsWith("'=cmd,")).toBe(true);
  });
  it('writes rates as percentages and averages as numbers', () => {
    const heading = lines[0].split(',');
    const mall = lines[1].split(',');
    const total = lines[3].split(',');
    const at = (name: RegExp) => heading.findIndex((h) => name.test(h));
    expect(mall[at(/首轮按时率：全部时限/)]).toBe('100');
    expect(total[at(/第 1 轮/)]).toBe('4');
    expect(total[at(/重大投诉/)]).toBe('1');
  });
});
