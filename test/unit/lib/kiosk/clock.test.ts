import { describe, expect, it } from 'vitest';
import { clockFace } from '../../../../src/lib/kiosk/clock';

describe('clockFace', () => {
  it.each([
    ['2026-11-30T06:05:00Z', 'zh-CN', { time: '14:05', date: '11月30日 周一', iso: '2026-11-30T14:05' }],
    ['2026-11-30T06:05:00Z', 'en', { time: '14:05', date: 'Mon 30 Nov', iso: '2026-11-30T14:05' }],
    // Past midnight in Shanghai while it is still the 30th in UTC: the mall's day counts.
    ['2026-11-30T16:30:00Z', 'zh-CN', { time: '00:30', date: '12月1日 周二', iso: '2026-12-01T00:30' }],
    ['2026-12-31T15:59:00Z', 'en', { time: '23:59', date: 'Thu 31 Dec', iso: '2026-12-31T23:59' }],
  ])('%s in %s', (at, lang, face) => {
    expect(clockFace(new Date(at), lang, 'Asia/Shanghai')).toEqual(face);
  });

  it('counts in the zone it is given, not the machine’s', () => {
    expect(clockFace(new Date('2026-11-30T06:05:00Z'), 'en', 'Europe/London').time).toBe('06:05');
  });
});
