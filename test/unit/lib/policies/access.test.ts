import { describe, expect, it } from 'vitest';
import { canReadPolicy, isStaffOnly } from '../../../../src/lib/policies/access';

describe('canReadPolicy', () => {
  const staffPage = ['staff', 'trainer'] as const;
  const shopperPage = ['staff', 'shopper', 'trainer'] as const;
  it('marks pages without the shopper audience staff-only', () => {
    expect(isStaffOnly(staffPage)).toBe(true);
    expect(isStaffOnly(shopperPage)).toBe(false);
  });
  it.each([
    // audience, signed in, public library, may read
    [staffPage, false, false, false],
    [staffPage, true, false, true],
    [staffPage, false, true, true],
    [shopperPage, false, false, true],
    [shopperPage, true, false, true],
  ])('%j signedIn=%s public=%s → %s', (audience, signedIn, pub, expected) =>
    expect(canReadPolicy(audience, signedIn, pub)).toBe(expected),
  );
});
