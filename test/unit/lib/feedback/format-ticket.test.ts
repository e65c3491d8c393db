import { describe, expect, it } from 'vitest';
import { formatTicketInput, parseTicketNo } from '../../../../src/lib/feedback/format';

describe('formatTicketInput', () => {
  it.each([
    ['', ''],
    ['2', 'FK2'],
    ['20261130', 'FK20261130'],
    ['202611300', 'FK20261130-0'],
    ['202611300016', 'FK20261130-0016'],
    ['FK20261130-0016', 'FK20261130-0016'],
    ['fk 20261130 0016', 'FK20261130-0016'],
    ['FK', ''],
    ['20261130001612345', 'FK20261130-001612'],
    ['http://x/kiosk/status?t=FK20261130-0016&c=123456', 'http://x/kiosk/status?t=FK20261130-0016&c=123456'],
  ])('%j → %j', (typed, shown) => {
    expect(formatTicketInput(typed)).toBe(shown);
  });

  it('shows what the server accepts', () => {
    expect(parseTicketNo(formatTicketInput('202611300016'))).toBe('FK20261130-0016');
  });
});
