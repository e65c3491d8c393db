import { describe, expect, it } from 'vitest';
import { allowedActions } from '../../../../src/lib/feedback/feedback';
import type { Action, Status, TicketEvent } from '../../../../src/lib/feedback/schema';
import { describeEvent, primaryAction, secondaryActions } from '../../../../src/lib/feedback/ticket-page';
import { translator, type StaffKey } from '../../../../src/lib/i18n/dict';
import { config, ticketAt } from './fixtures';

describe('the ticket page’s primary action is the next step of the life cycle', () => {
  it.each<[Status, Action[], Action | undefined]>([
    ['received', ['assign', 'proposeInvalid'], 'assign'],
    ['assigned', ['assign', 'start', 'proposeInvalid'], 'start'],
    ['in_progress', ['assign', 'reply', 'proposeInvalid'], 'reply'],
    ['replied', ['followUp', 'close', 'reopen'], 'followUp'],
    ['followed_up', ['close', 'reopen'], 'close'],
    // Not satisfied: closing is not offered, reopening is the next step.
    ['followed_up', ['reopen'], 'reopen'],
    ['invalid_proposed', ['confirmInvalid', 'rejectInvalid'], 'confirmInvalid'],
    // Staff wait for the manager: nothing of theirs is primary.
    ['invalid_proposed', [], undefined],
    ['invalid_follow_up', ['followUp', 'reopen'], 'followUp'],
    // A finished case: reopening stays a secondary act.
    ['closed', ['reopen'], undefined],
  ])('%s with %j → %s', (status, possible, primary) => {
    expect(primaryAction({ status }, possible)).toBe(primary);
    expect(secondaryActions(possible, primary)).toEqual(possible.filter((a) => a !== primary));
  });

  it('agrees with the state machine for each role', () => {
    const received = ticketAt('2026-11-30 10:00');
    expect(primaryAction(received, allowedActions(received, config, 'staff'))).toBe('assign');
    const proposed = { ...received, status: 'invalid_proposed' as const };
    expect(primaryAction(proposed, allowedActions(proposed, config, 'staff'))).toBeUndefined();
    expect(primaryAction(proposed, allowedActions(proposed, config, 'manager'))).toBe('confirmInvalid');
  });
});

describe('timeline lines', () => {
  const t = translator('zh-CN');
  const tr = (key: string, params?: Record<string, string | number>) => t(key as StaffKey, params);
  const at = '2026-11-30T02:00:00.000Z';
  const by = { id: 'u1', name: '张客服' };
  it.each<[TicketEvent, string]>([
    [{ at, by, type: 'created', to: 'received' }, '顾客提交'],
    [{ at, by, type: 'transition', action: 'assign', from: 'received', to: 'assigned' }, '已转办'],
    [{ at, by, type: 'escalation', level: 2, milestone: 'reply' }, '店长'],
    [{ at, by, type: 'cause', cause: 'equipment' }, '设备设施'],
    [
      {
        at,
        by,
        type: 'slip',
        slip: { id: 'CB-1', kind: 'reminder', addresseeId: 'u2', addressee: '刘客服' },
      },
      'CB-1',
    ],
  ])('%j reads with %s', (e, part) => {
    expect(describeEvent({ at, by, type: 'created', to: 'received' }, tr, config, 'phone')).toBe(
      '工作人员登记（电话）',
    );
    const line = describeEvent(e, tr, config);
    expect(line).toContain(part);
    expect(line).not.toMatch(/tickets\.|\{/);
  });
});
